using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Backtest.Contracts;

/// <summary>
/// One backtest: candle files <c>SYMBOL-INTERVAL.csv</c> in <see cref="DataDirectory"/>, optionally only some
/// symbols and a time range [<see cref="FromMs"/>, <see cref="ToMs"/>) of candle open times (earlier candles still
/// warm the indicators up). <see cref="LoadFile"/> reads one file (the host passes the span CSV reader).
/// </summary>
public sealed record BacktestRequest(
    string DataDirectory,
    string Interval,
    IReadOnlyList<string>? Symbols,
    long? FromMs,
    long? ToMs,
    bool UseMl,
    Func<string, CandleSeries> LoadFile)
{
    /// <summary>Worker threads across symbols; results are identical for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    public IProgress<BacktestProgress>? Progress { get; init; }

    /// <summary>
    /// Optional: reads one file into the arrays of the series given (when long enough; null: new arrays), so the
    /// runner can reuse one worker's arrays from symbol to symbol. Without it every file is read by <see cref="LoadFile"/>.
    /// </summary>
    public Func<string, CandleSeries?, CandleSeries>? LoadFileInto { get; init; }
}
