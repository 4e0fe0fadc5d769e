using System.Globalization;
using Atra.Modules.Health.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Metrics;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>data_quality</c> (service process only): per symbol and interval, missing candles, duplicates, OHLC
/// inconsistencies and stale feeds. A gap or an inconsistency within <c>Health:DataQualityWindow</c> is a WARNING, as
/// is a series whose next candle is more than <c>Health:DataQualityStaleGrace</c> overdue (a replay is never stale:
/// its candles are old on purpose). Duplicates are counted only: the REST catch-up overlapping the stream makes them.
/// Sets <c>atra_candle_stale_series</c> per interval, which the AtraCandleFeedStale alert reads.
/// </summary>
internal sealed class DataQualityHealthCheck(IDataQuality quality, IExchangeEndpoints market, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheckContributor
{
    public const string Component = "data_quality";

    public string Name => Component;

    public ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (!context.InService)
        {
            return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([]);
        }
        var o = options.Value;
        var now = clock.GetUtcNow();
        var replay = market.Source.Equals("Replay", StringComparison.OrdinalIgnoreCase);
        var series = quality.Snapshot();
        if (series.Count == 0)
        {
            // Nothing received yet: the exchange and signal checks say why; no verdict on data that does not exist.
            return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([]);
        }
        long missing = 0, duplicates = 0, ohlc = 0;
        var stale = new List<string>();
        var recent = new List<string>();
        var staleByInterval = new Dictionary<string, int>(StringComparer.Ordinal);
        var perSeries = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            missing += s.MissingCandles;
            duplicates += s.Duplicates + s.OutOfOrder;
            ohlc += s.OhlcErrors;
            var isStale = !replay && s.LastOpenTimeMs is { } open && CandleInterval.IsValid(s.Interval)
                && now - DateTimeOffset.FromUnixTimeMilliseconds(open + 2 * CandleInterval.Milliseconds(s.Interval)) > o.DataQualityStaleGrace;
            staleByInterval[s.Interval] = staleByInterval.GetValueOrDefault(s.Interval) + (isStale ? 1 : 0);
            if (isStale)
            {
                stale.Add($"{s.Symbol} {s.Interval}");
            }
            if (s.LastIssueAt is { } at && now - at <= o.DataQualityWindow)
            {
                recent.Add($"{s.Symbol} {s.Interval}");
            }
            perSeries[$"{s.Symbol}_{s.Interval}"] = new Dictionary<string, object?>
            {
                ["candles"] = s.Candles,
                ["missing"] = s.MissingCandles,
                ["duplicates"] = s.Duplicates + s.OutOfOrder,
                ["ohlc_errors"] = s.OhlcErrors,
                ["stale"] = isStale,
            };
        }
        foreach (var (interval, count) in staleByInterval)
        {
            AtraMetrics.CandleStaleSeries.WithLabels(interval).Set(count);
        }
        var data = new Dictionary<string, object?>
        {
            ["series"] = series.Count,
            ["missing_candles"] = missing,
            ["ohlc_errors"] = ohlc,
            ["duplicates"] = duplicates,
            ["stale_series"] = stale.Count,
            ["by_series"] = perSeries,
        };
        var problems = new List<string>();
        if (stale.Count > 0)
        {
            problems.Add($"{stale.Count} stale: {Some(stale)}");
        }
        if (recent.Count > 0)
        {
            problems.Add($"gaps or bad OHLC within {o.DataQualityWindow.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min: {Some(recent)}");
        }
        var component = problems.Count > 0
                ? ComponentHealth.Of(Component, HealthStatus.Warning, string.Join("; ", problems), data)
                : ComponentHealth.Of(Component, HealthStatus.Healthy, $"{series.Count} series, {missing} missing, {ohlc} bad OHLC since start", data);
        return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([component]);
    }

    private static string Some(List<string> names) => names.Count <= 3 ? string.Join(", ", names) : string.Join(", ", names.Take(3)) + $" and {names.Count - 3} more";
}
