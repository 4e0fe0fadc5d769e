using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Metrics;

namespace Atra.Modules.MarketData.Store;

/// <summary>
/// Counts what the candle store is offered, per symbol and interval: gaps (missing open times between two appended
/// candles), duplicates, out-of-order candles and OHLC inconsistencies, into <see cref="SeriesQuality"/> and the
/// <c>atra_candle_*_total</c> counters. Called by the store on every append, so live, catch-up and replay alike.
/// </summary>
internal sealed class DataQualityTracker(TimeProvider clock) : IDataQuality
{
    private readonly ConcurrentDictionary<(string Symbol, string Interval), Series> _series = new();

    public void Record(string symbol, string interval, in Candle candle, AppendResult result)
    {
        var series = _series.GetOrAdd((symbol, interval), static key =>
        {
            // Published at 0 from the first candle on: increase() cannot see a counter's first step from nothing.
            AtraMetrics.CandleGaps.WithLabels(key.Symbol, key.Interval);
            AtraMetrics.CandleDuplicates.WithLabels(key.Symbol, key.Interval);
            AtraMetrics.CandleOhlcErrors.WithLabels(key.Symbol, key.Interval);
            return new Series();
        });
        var issue = false;
        lock (series)
        {
            series.Candles++;
            switch (result)
            {
                case AppendResult.Duplicate:
                    series.Duplicates++;
                    AtraMetrics.CandleDuplicates.WithLabels(symbol, interval).Inc();
                    break;
                case AppendResult.OutOfOrder:
                    series.OutOfOrder++;
                    AtraMetrics.CandleDuplicates.WithLabels(symbol, interval).Inc();
                    break;
                default:
                    if (series.LastOpen is { } last && CandleInterval.IsValid(interval))
                    {
                        var step = CandleInterval.Milliseconds(interval);
                        var missing = (candle.OpenTimeMs - last) / step - 1;
                        if (missing > 0)
                        {
                            series.Missing += missing;
                            AtraMetrics.CandleGaps.WithLabels(symbol, interval).Inc(missing);
                            issue = true;
                        }
                    }
                    series.LastOpen = candle.OpenTimeMs;
                    break;
            }
            if (!Consistent(candle))
            {
                series.Ohlc++;
                AtraMetrics.CandleOhlcErrors.WithLabels(symbol, interval).Inc();
                issue = true;
            }
            if (issue)
            {
                series.LastIssueAt = clock.GetUtcNow();
            }
        }
    }

    /// <summary>High the highest and low the lowest of the four prices, every price positive, volume not negative.</summary>
    internal static bool Consistent(in Candle c) =>
        c.Open > 0 && c.High > 0 && c.Low > 0 && c.Close > 0
        && c.High >= c.Open && c.High >= c.Close && c.High >= c.Low
        && c.Low <= c.Open && c.Low <= c.Close
        && c.Volume >= 0;

    public IReadOnlyList<SeriesQuality> Snapshot()
    {
        var list = new List<SeriesQuality>(_series.Count);
        foreach (var ((symbol, interval), s) in _series)
        {
            lock (s)
            {
                list.Add(new SeriesQuality(symbol, interval, s.Candles, s.Missing, s.Duplicates, s.OutOfOrder, s.Ohlc, s.LastOpen, s.LastIssueAt));
            }
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Interval + "/" + a.Symbol, b.Interval + "/" + b.Symbol));
        return list;
    }

    private sealed class Series
    {
        public long Candles;
        public long Missing;
        public long Duplicates;
        public long OutOfOrder;
        public long Ohlc;
        public long? LastOpen;
        public DateTimeOffset? LastIssueAt;
    }
}
