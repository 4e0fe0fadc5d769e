using Atra.Modules.MarketData;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Replay;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MarketData;

public class ReplayCandleSourceTests
{
    private static ReplayCandleSource Source(string folder, int warmup = 0) =>
        new(Options.Create(new MarketOptions { Replay = new ReplayOptions { Folder = folder, WarmupCandles = warmup } }), new ExchangeStatusTracker(TimeProvider.System), TimeProvider.System);

    [Test]
    public async Task Stream_ThreeSymbols_MergedByOpenTimeTiesInSymbolOrder()
    {
        var source = Source(FakeExchange.Data("candles"));
        var symbols = source.ListSymbols("1h");
        Assert.That(symbols, Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" }));

        var played = new List<(string Symbol, Candle Candle)>();
        await foreach (var item in source.StreamClosedAsync(["SOLUSDT", "BTCUSDT", "ETHUSDT"], "1h", CancellationToken.None))
        {
            played.Add(item);
        }
        Assert.That(played, Has.Count.EqualTo(900));
        for (var i = 1; i < played.Count; i++)
        {
            var (a, b) = (played[i - 1], played[i]);
            Assert.That(b.Candle.OpenTimeMs > a.Candle.OpenTimeMs || (b.Candle.OpenTimeMs == a.Candle.OpenTimeMs && string.CompareOrdinal(b.Symbol, a.Symbol) > 0), Is.True, $"row {i}");
        }
        Assert.That(played.Take(3).Select(p => p.Symbol), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" }));
        Assert.That(played[0].Candle, Is.EqualTo(new Candle(1609459200000, 28923.63, 29031.34, 28690.17, 28995.13, 2311.811445)));
    }

    [Test]
    public async Task History_Warmup_IsThePastAndStreamStartsAfterIt()
    {
        var source = Source(FakeExchange.Data("candles"), warmup: 100);
        var history = await source.GetHistoryAsync("BTCUSDT", "1h", null, null, 1000, CancellationToken.None);
        var first = await source.StreamClosedAsync(["BTCUSDT"], "1h", CancellationToken.None).FirstAsync();
        Assert.That(history, Has.Count.EqualTo(100));
        Assert.That(first.Candle.OpenTimeMs, Is.EqualTo(history[^1].OpenTimeMs + 3_600_000));

        var range = await source.GetHistoryAsync("BTCUSDT", "1h", 1609459200000 + (3_600_000L * 10), 1609459200000 + (3_600_000L * 12), 100, CancellationToken.None);
        Assert.That(range.Select(c => c.OpenTimeMs), Is.EqualTo(new[] { 10L, 11, 12 }.Select(i => 1609459200000 + (3_600_000L * i))));
    }

    [Test]
    public void Stream_MalformedRow_ErrorNamesFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("atra-replay-").FullName;
        try
        {
            var path = Path.Combine(folder, "BTCUSDT-1h.csv");
            File.WriteAllText(path, "open_time_ms,open,high,low,close,volume\n1609459200000,1,2,0.5,1.5,10\n1609462800000,1,2,zero,1.5,10\n");
            var source = Source(folder);
            var ex = Assert.ThrowsAsync<CandleFileException>(async () =>
            {
                await foreach (var _ in source.StreamClosedAsync(["BTCUSDT"], "1h", CancellationToken.None))
                {
                }
            });
            Assert.That(ex!.Message, Does.Contain("BTCUSDT-1h.csv:3").And.Contain("low"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Test]
    public void ListSymbols_MissingFolder_EmptyAndStatusNamesTheSetting()
    {
        var status = new ExchangeStatusTracker(TimeProvider.System);
        var source = new ReplayCandleSource(Options.Create(new MarketOptions { Replay = new ReplayOptions { Folder = "no-such-folder-here" } }), status, TimeProvider.System);
        Assert.That(source.ListSymbols("1h"), Is.Empty);
        Assert.That(status.Get("Replay").LastError, Does.Contain("Market:Replay:Folder"));
    }
}
