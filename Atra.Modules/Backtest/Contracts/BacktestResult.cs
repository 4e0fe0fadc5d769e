namespace Atra.Modules.Backtest.Contracts;

/// <summary>The trades in signal-time order (ties by symbol) and the summary.</summary>
public sealed record BacktestResult(IReadOnlyList<BacktestTrade> Trades, BacktestSummary Summary);
