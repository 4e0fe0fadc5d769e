using Atra.Modules.MarketData.Bybit;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Universe;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.MarketData;

public class BybitCandleSourceTests
{
    private static Dictionary<string, string?> Settings(FakeExchange fake)
    {
        var s = MarketDataServices.BinanceSettings(fake);
        s["Market:Source"] = "Bybit";
        return s;
    }

    [Test]
    public void ParseKlines_RecordedNewestFirst_ReturnedOldestFirst()
    {
        var body = File.ReadAllBytes(FakeExchange.Data("bybit_v5", "market_kline.recorded-2023-02-27.linear.BTCUSDT.D.json"));
        var candles = BybitCandleSource.ParseKlines(body);
        Assert.That(candles, Is.EqualTo(new[]
        {
            new Candle(1632009600000, 48300, 48340.5, 46880, 47274.5, 34445.799),
            new Candle(1632096000000, 47274.5, 47342, 42500, 43057, 91656.427),
            new Candle(1632182400000, 43057, 43600, 39520, 40724.5, 102692.021),
        }));
        Assert.That(BybitCandleSource.ParseKlines(File.ReadAllBytes(FakeExchange.Data("bybit_v5", "market_kline.docs-example.inverse.json"))).Select(c => c.OpenTimeMs),
            Is.Ordered.Ascending);
    }

    [Test]
    public async Task History_PagedBackwardsOverNewestFirstPages_Contiguous()
    {
        await using var fake = await FakeExchange.StartAsync();
        var settings = Settings(fake);
        settings["Market:Bybit:KlinePageLimit"] = "70";
        await using var sp = MarketDataServices.Build(settings);
        var source = sp.GetRequiredService<BybitCandleSource>();

        var latest = await source.GetHistoryAsync("BTCUSDT", "1m", null, null, 200, CancellationToken.None);
        var start = fake.Rows[5].OpenTime;
        var fromStart = await source.GetHistoryAsync("BTCUSDT", "1m", start, null, 100, CancellationToken.None);

        Assert.That(latest, Has.Count.EqualTo(200));
        Assert.That(latest[^1].OpenTimeMs, Is.EqualTo(fake.Rows[^1].OpenTime));
        Assert.That(latest.Zip(latest.Skip(1)).All(p => p.Second.OpenTimeMs - p.First.OpenTimeMs == 60_000), Is.True);
        Assert.That(fromStart.Select(c => c.OpenTimeMs), Is.EqualTo(fake.Rows.Skip(5).Take(100).Select(r => r.OpenTime)));
        Assert.That(fake.Requests.First().PathAndQuery, Does.Contain("category=linear").And.Contain("interval=1&"));
    }

    [Test]
    public async Task Instruments_And_Tickers_RulesAndUniverse()
    {
        await using var fake = await FakeExchange.StartAsync();
        await using var sp = MarketDataServices.Build(Settings(fake));
        var universe = sp.GetRequiredService<MarketUniverse>();

        var symbols = await universe.RefreshAsync(CancellationToken.None);

        Assert.That(symbols, Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That(sp.GetRequiredService<ISymbolRulesProvider>().Get("BTCUSDT"), Is.EqualTo(new SymbolRules("BTCUSDT", "TRADING", 0.10m, 0.001m, 0.001m, 5m, 100)));
    }

    [Test]
    public async Task Stream_KlineTopic_SubscribesAndEmitsConfirmedOnly()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.BybitSocket = async (ws, n, ct) =>
        {
            await FakeExchange.SendAsync(ws, "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"x\",\"op\":\"subscribe\"}", ct);
            // Documented shape of the public kline topic; the first update is not yet confirmed.
            await FakeExchange.SendAsync(ws, "{\"topic\":\"kline.60.BTCUSDT\",\"data\":[{\"start\":1672322400000,\"end\":1672325999999,\"interval\":\"60\",\"open\":\"16649.5\",\"close\":\"16677\",\"high\":\"16677\",\"low\":\"16608\",\"volume\":\"2.081\",\"turnover\":\"34666.4005\",\"confirm\":false,\"timestamp\":1672324988882}],\"ts\":1672324988882,\"type\":\"snapshot\"}", ct);
            await FakeExchange.SendAsync(ws, "{\"topic\":\"kline.60.BTCUSDT\",\"data\":[{\"start\":1672322400000,\"end\":1672325999999,\"interval\":\"60\",\"open\":\"16649.5\",\"close\":\"16680\",\"high\":\"16690\",\"low\":\"16608\",\"volume\":\"3.5\",\"turnover\":\"58000\",\"confirm\":true,\"timestamp\":1672326000000}],\"ts\":1672326000000,\"type\":\"snapshot\"}", ct);
        };
        await using var sp = MarketDataServices.Build(Settings(fake));
        var source = sp.GetRequiredService<BybitCandleSource>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var first = await source.StreamClosedAsync(["BTCUSDT"], "1h", cts.Token).FirstAsync(cts.Token);

        Assert.That(first, Is.EqualTo(("BTCUSDT", new Candle(1672322400000, 16649.5, 16690, 16608, 16680, 3.5))));
        Assert.That(fake.BybitSubscriptions.First(), Is.EqualTo("{\"op\":\"subscribe\",\"args\":[\"kline.60.BTCUSDT\"]}"));
    }
}
