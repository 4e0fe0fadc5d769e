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
    BacktestMetrics Strict)
{
    /// <summary>The same summary timed over <paramref name="elapsed"/> (a caller that also writes the results times that too).</summary>
    public BacktestSummary WithElapsed(TimeSpan elapsed) => this with
    {
        ElapsedMs = (long)elapsed.TotalMilliseconds,
        CandlesPerSecond = elapsed.TotalSeconds > 0 ? Math.Round(Candles / elapsed.TotalSeconds) : 0,
    };
}
