using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Store;
using Atra.Modules.Shared.Metrics;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MarketData;

/// <summary>
/// Data quality (issue 15): per symbol and interval, gaps, duplicates, OHLC inconsistencies and stale feeds are counted
/// by the store's every append, shown by the data_quality health component and exported as metrics.
/// </summary>
public class DataQualityTests
{
    private const long Hour = 3_600_000;
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static Candle At(long index, double open = 100, double high = 110, double low = 90, double close = 105, double volume = 1) =>
        new(Start.ToUnixTimeMilliseconds() + index * Hour, open, high, low, close, volume);

    private sealed class Market(string source) : IExchangeEndpoints
    {
        public string Source => source;

        public IReadOnlyList<ExchangeTimeEndpoint> TimeEndpoints => [];
    }

    private static async Task<ComponentHealth?> CheckAsync(IDataQuality quality, TimeProvider clock, string source = "Binance")
    {
        var check = new DataQualityHealthCheck(quality, new Market(source), Options.Create(new HealthOptions()), clock);
        return (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).SingleOrDefault();
    }

    [Test]
    public void Store_CountsGapsDuplicatesOutOfOrderAndBadCandles_PerSymbolAndInterval()
    {
        var clock = new FakeTimeProvider(Start);
        var tracker = new DataQualityTracker(clock);
        var store = new CandleStore(100, tracker);
        var gapsBefore = AtraMetrics.CandleGaps.WithLabels("DQTESTUSDT", "1h").Value;

        store.Append("DQTESTUSDT", "1h", At(0));
        store.Append("DQTESTUSDT", "1h", At(1));
        store.Append("DQTESTUSDT", "1h", At(1));                    // the same candle again
        store.Append("DQTESTUSDT", "1h", At(4));                    // 2 and 3 never came
        store.Append("DQTESTUSDT", "1h", At(3));                    // late, older than the newest
        store.Append("DQTESTUSDT", "1h", At(5, high: 95));          // high below open and close
        store.Append("DQTESTUSDT", "1h", At(6, low: -1));           // a negative price
        store.Append("OTHERUSDT", "1h", At(0));

        var series = tracker.Snapshot().Single(s => s.Symbol == "DQTESTUSDT");
        Assert.Multiple(() =>
        {
            Assert.That(series.Candles, Is.EqualTo(7));
            Assert.That(series.MissingCandles, Is.EqualTo(2));
            Assert.That(series.Duplicates, Is.EqualTo(1));
            Assert.That(series.OutOfOrder, Is.EqualTo(1));
            Assert.That(series.OhlcErrors, Is.EqualTo(2));
            Assert.That(series.LastOpenTimeMs, Is.EqualTo(At(6).OpenTimeMs));
            Assert.That(series.LastIssueAt, Is.EqualTo(Start));
            Assert.That(tracker.Snapshot().Single(s => s.Symbol == "OTHERUSDT").MissingCandles, Is.Zero);
            Assert.That(AtraMetrics.CandleGaps.WithLabels("DQTESTUSDT", "1h").Value - gapsBefore, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task HealthCheck_CleanFeedOnTime_Healthy_NextCandleOverdue_WarningStale()
    {
        var clock = new FakeTimeProvider(Start);
        var tracker = new DataQualityTracker(clock);
        var store = new CandleStore(100, tracker);
        store.Append("BTCUSDT", "1h", At(0));
        store.Append("BTCUSDT", "1h", At(1));
        // The candle opened at 01:00 closed at 02:00; the next one closes at 03:00.
        clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));

        var onTime = (await CheckAsync(tracker, clock))!;
        clock.Advance(TimeSpan.FromMinutes(2));
        var overdue = (await CheckAsync(tracker, clock))!;
        var staleGauge = AtraMetrics.CandleStaleSeries.WithLabels("1h").Value;
        var replay = (await CheckAsync(tracker, clock, source: "Replay"))!;

        Assert.Multiple(() =>
        {
            Assert.That(onTime.Status, Is.EqualTo(HealthStatus.Healthy), onTime.Reason);
            Assert.That(onTime.Reason, Is.EqualTo("1 series, 0 missing, 0 bad OHLC since start"));
            Assert.That(overdue.Status, Is.EqualTo(HealthStatus.Warning));
            Assert.That(overdue.Reason, Is.EqualTo("1 stale: BTCUSDT 1h"));
            Assert.That(overdue.Data["stale_series"], Is.EqualTo(1));
            Assert.That(staleGauge, Is.EqualTo(1));
            Assert.That(replay.Status, Is.EqualTo(HealthStatus.Healthy), "a replay's candles are old on purpose");
        });
    }

    [Test]
    public async Task HealthCheck_GapWithinTheWindow_Warning_ThenHealthyAgainAfterIt()
    {
        var clock = new FakeTimeProvider(Start);
        var tracker = new DataQualityTracker(clock);
        var store = new CandleStore(100, tracker);
        store.Append("ETHUSDT", "1h", At(0));
        store.Append("ETHUSDT", "1h", At(2));

        var recent = (await CheckAsync(tracker, clock, "Replay"))!;
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var later = (await CheckAsync(tracker, clock, "Replay"))!;

        Assert.That(recent.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(recent.Reason, Is.EqualTo("gaps or bad OHLC within 60 min: ETHUSDT 1h"));
        Assert.That(later.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(later.Data["missing_candles"], Is.EqualTo(1L));
    }

    [Test]
    public async Task HealthCheck_NoCandleYet_NoComponent_AndNotInACommand()
    {
        var tracker = new DataQualityTracker(TimeProvider.System);
        Assert.That((await CheckAsync(tracker, TimeProvider.System)), Is.Null);

        new CandleStore(10, tracker).Append("BTCUSDT", "1h", At(0));
        var command = new DataQualityHealthCheck(tracker, new Market("Binance"), Options.Create(new HealthOptions()), TimeProvider.System);
        Assert.That(await command.CheckAsync(HealthCheckContext.Command, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Service_ReplayFeed_DataQualityInTheReportAndCountersOnMetrics()
    {
        await using var host = await TestWebHost.StartAsync();
        var health = host.App.Services.GetRequiredService<HealthService>();
        using var http = new HttpClient { BaseAddress = host.Address };

        ComponentHealth? quality = null;
        for (var i = 0; i < 100 && quality is null; i++)
        {
            quality = (await health.RunAsync(HealthCheckContext.Service, CancellationToken.None)).Components.SingleOrDefault(c => c.Name == "data_quality");
            if (quality is null)
            {
                await Task.Delay(100);
            }
        }
        var metrics = await http.GetStringAsync("/metrics");

        Assert.That(quality, Is.Not.Null, "the replay delivered candles");
        Assert.That(quality!.Status, Is.EqualTo(HealthStatus.Healthy), quality.Reason);
        Assert.That(metrics, Does.Contain("atra_candle_gaps_total{symbol=\"BTCUSDT\",interval=\"1h\"}"));
        Assert.That(metrics, Does.Contain("atra_candle_stale_series{interval=\"1h\"} 0"));
    }
}
