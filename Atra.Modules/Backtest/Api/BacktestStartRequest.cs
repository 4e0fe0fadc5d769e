namespace Atra.Modules.Backtest.Api;

/// <summary>The body of <c>POST /api/backtests</c>: symbols (default every file of the interval), interval, time range.</summary>
internal sealed record BacktestStartRequest(IReadOnlyList<string>? Symbols, string? Interval, DateTimeOffset? From, DateTimeOffset? To);
