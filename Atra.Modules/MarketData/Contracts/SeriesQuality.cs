namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// The data quality of one symbol and interval since the start: candles taken in, missing candles between two taken in
/// (<see cref="MissingCandles"/>), candles received again (<see cref="Duplicates"/>: normal when the REST catch-up
/// overlaps the stream) or older than the newest (<see cref="OutOfOrder"/>), candles whose prices contradict each
/// other (<see cref="OhlcErrors"/>: high below open/close, low above them, a price not positive, a negative volume),
/// and when the last gap or inconsistency was seen.
/// </summary>
public sealed record SeriesQuality(
    string Symbol,
    string Interval,
    long Candles,
    long MissingCandles,
    long Duplicates,
    long OutOfOrder,
    long OhlcErrors,
    long? LastOpenTimeMs,
    DateTimeOffset? LastIssueAt);
