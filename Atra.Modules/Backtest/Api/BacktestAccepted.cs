namespace Atra.Modules.Backtest.Api;

/// <summary>The 202 answer of <c>POST /api/backtests</c>; poll <c>GET /api/backtests/{id}</c>.</summary>
internal sealed record BacktestAccepted(long Id, string Status);
