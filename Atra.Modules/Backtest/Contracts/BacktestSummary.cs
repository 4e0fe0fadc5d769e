namespace Atra.Modules.Backtest.Contracts;

/// <summary>summary.json (INTERFACES.md): <see cref="From"/>/<see cref="To"/> are the first and last replayed candle open times (ISO 8601 UTC).</summary>
public sealed record BacktestSummary(
    string Interval,
    string From,
    string To,
    IReadOnlyList<string> Symbols,
    long Candles,
    long ElapsedMs,
    double CandlesPerSecond,
    BacktestMetrics Soft,
    BacktestMetrics Strict);
