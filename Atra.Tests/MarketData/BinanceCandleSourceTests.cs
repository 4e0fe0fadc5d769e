using System.Globalization;
using Atra.Modules.MarketData.Binance;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Universe;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.MarketData;

public class BinanceCandleSourceTests
{
    private const long FirstOpen = 1731748020000; // first row of the recorded 1m klines

    [Test]
    public async Task History_LongerThanAPage_PagedBackwardsContiguous()
    {
        await using var fake = await FakeExchange.StartAsync();
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:Binance:KlinePageLimit"] = "100";
        await using var sp = MarketDataServices.Build(settings);
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var candles = await source.GetHistoryAsync("BTCUSDT", "1m", null, null, 450, CancellationToken.None);

        Assert.That(candles, Has.Count.EqualTo(450));
        Assert.That(fake.KlineRequests, Is.EqualTo(5));
        Assert.That(candles[^1].OpenTimeMs, Is.EqualTo(fake.Rows[^1].OpenTime));
        for (var i = 1; i < candles.Count; i++)
        {
            Assert.That(candles[i].OpenTimeMs - candles[i - 1].OpenTimeMs, Is.EqualTo(60_000), $"row {i}");
        }
        Assert.That(candles[^1].Close, Is.EqualTo(double.Parse(System.Text.Json.JsonDocument.Parse(fake.Rows[^1].Raw).RootElement[4].GetString()!, CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task History_FromStart_PagedForwardsAndStopsAtEnd()
    {
        await using var fake = await FakeExchange.StartAsync();
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:Binance:KlinePageLimit"] = "100";
        await using var sp = MarketDataServices.Build(settings);
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var start = FirstOpen + (10 * 60_000);
        var candles = await source.GetHistoryAsync("BTCUSDT", "1m", start, start + (249 * 60_000), 1000, CancellationToken.None);

        Assert.That(candles, Has.Count.EqualTo(250));
        Assert.That(candles[0].OpenTimeMs, Is.EqualTo(start));
        Assert.That(candles.Zip(candles.Skip(1)).All(p => p.Second.OpenTimeMs - p.First.OpenTimeMs == 60_000), Is.True);
    }

    [Test]
    public async Task History_ErrorBody_ExceptionCarriesCodeAndMessage()
    {
        await using var fake = await FakeExchange.StartAsync();
        await using var sp = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var ex = Assert.ThrowsAsync<ExchangeException>(() => source.GetHistoryAsync("NOPE", "1m", null, null, 10, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("400").And.Contain("-1121").And.Contain("Invalid symbol."));
        var health = sp.GetRequiredService<IExchangeStatus>().Snapshot().Single(h => h.Exchange == "Binance");
        Assert.That(health.LastError, Does.Contain("Invalid symbol."));
    }

    [Test]
    public async Task Request_429WithRetryAfter_WaitsThenSucceeds()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.Intercept = async (ctx, n) =>
        {
            if (n != 1)
            {
                return false;
            }
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "1";
            await ctx.Response.WriteAsync("{\"code\":-1003,\"msg\":\"Too many requests.\"}");
            return true;
        };
        await using var sp = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var candles = await source.GetHistoryAsync("BTCUSDT", "1m", null, null, 10, CancellationToken.None);

        var requests = fake.Requests.ToList();
        Assert.That(candles, Has.Count.EqualTo(10));
        Assert.That(requests.Select(r => r.Status), Is.EqualTo(new[] { 429, 200 }), "the resilience handler must not retry the 429 itself");
        Assert.That(requests[1].At - requests[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "Retry-After obeyed");
    }

    [Test]
    public async Task Request_418_CircuitOpenNoFurtherRequests()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.Intercept = async (ctx, n) =>
        {
            ctx.Response.StatusCode = 418;
            ctx.Response.Headers.RetryAfter = "120";
            await ctx.Response.WriteAsync("{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until 1731750000000.\"}");
            return true;
        };
        await using var sp = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var first = Assert.ThrowsAsync<ExchangeException>(() => source.GetHistoryAsync("BTCUSDT", "1m", null, null, 10, CancellationToken.None));
        var second = Assert.ThrowsAsync<ExchangeException>(() => source.GetSymbolsAsync(CancellationToken.None));

        Assert.That(first!.StatusCode, Is.EqualTo(418));
        Assert.That(second!.Message, Does.Contain("418"));
        Assert.That(fake.Requests, Has.Count.EqualTo(1), "no request while banned");
        Assert.That(source.Gate.BannedUntil, Is.GreaterThan(DateTimeOffset.UtcNow.AddSeconds(100)));
        Assert.That(sp.GetRequiredService<IExchangeStatus>().Snapshot().Single().Reachable, Is.False);
    }

    [Test]
    public async Task Request_500_RetriedByResilienceHandler()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.Intercept = (ctx, n) =>
        {
            if (n > 1)
            {
                return Task.FromResult(false);
            }
            ctx.Response.StatusCode = 503;
            return Task.FromResult(true);
        };
        await using var sp = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var candles = await sp.GetRequiredService<BinanceCandleSource>().GetHistoryAsync("BTCUSDT", "1m", null, null, 5, CancellationToken.None);
        Assert.That(candles, Has.Count.EqualTo(5));
        Assert.That(fake.Requests.Select(r => r.Status), Is.EqualTo(new[] { 503, 200 }));
    }

    [Test]
    public async Task UsedWeight_NearLimit_WaitsForNextMinuteBeforeSending()
    {
        await using var fake = await FakeExchange.StartAsync();
        // Every response reports a weight close to the limit of 100 (safety share 0.9 = 90).
        fake.UsedWeight = n => 88 + n;
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:Binance:WeightLimit"] = "100";
        settings["Market:Binance:KlinePageLimit"] = "100";
        // The clock stands 200 ms before a minute boundary, so "wait for the next minute" is short but real.
        var clock = new FrozenClock(new DateTimeOffset(2025, 1, 1, 12, 0, 59, 800, TimeSpan.Zero));
        await using var sp = MarketDataServices.Build(settings, clock);
        var source = sp.GetRequiredService<BinanceCandleSource>();

        var candles = await source.GetHistoryAsync("BTCUSDT", "1m", null, null, 300, CancellationToken.None);

        Assert.That(candles, Has.Count.EqualTo(300));
        Assert.That(fake.KlineRequests, Is.EqualTo(3));
        Assert.That(source.Gate.WeightWaits, Is.EqualTo(2), "one wait before each request after the first");
        var health = sp.GetRequiredService<IExchangeStatus>().Snapshot().Single();
        Assert.That((health.UsedWeight, health.WeightLimit), Is.EqualTo(((int?)91, (int?)100)));
    }

    [Test]
    public async Task ExchangeInfo_SpotAndFutures_RulesFromFilters()
    {
        await using var fake = await FakeExchange.StartAsync();
        await using var spot = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:Binance:Market"] = "Futures";
        await using var futures = MarketDataServices.Build(settings);

        var spotRules = (await spot.GetRequiredService<BinanceCandleSource>().GetSymbolsAsync(CancellationToken.None)).Single(s => s.Rules.Symbol == "BTCUSDT").Rules;
        var futRules = (await futures.GetRequiredService<BinanceCandleSource>().GetSymbolsAsync(CancellationToken.None)).Single(s => s.Rules.Symbol == "BTCUSDT").Rules;

        Assert.That(spotRules, Is.EqualTo(new SymbolRules("BTCUSDT", "TRADING", 0.01m, 0.00001m, 0.00001m, 5m, 1)));
        Assert.That(futRules, Is.EqualTo(new SymbolRules("BTCUSDT", "TRADING", 0.10m, 0.001m, 0.001m, 100m, 20)));
    }

    [Test]
    public async Task Universe_TopN_ExcludesNonTradingAndOtherQuotes()
    {
        await using var fake = await FakeExchange.StartAsync();
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:UniverseTopN"] = "20";
        await using var sp = MarketDataServices.Build(settings);
        var universe = sp.GetRequiredService<MarketUniverse>();

        var all = await universe.RefreshAsync(CancellationToken.None);

        Assert.That(all, Has.Count.EqualTo(11));
        Assert.That(all, Does.Not.Contain("BCCUSDT"), "status BREAK");
        Assert.That(all, Does.Not.Contain("ETHBTC").And.Not.Contain("BCCBTC"));
        Assert.That(all.Take(4), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "BNBUSDT", "LINKUSDT" }), "by 24 h quote volume");
        Assert.That(sp.GetRequiredService<ISymbolRulesProvider>().Get("BCCUSDT")!.Status, Is.EqualTo("BREAK"));
        Assert.That(sp.GetRequiredService<IMarketUniverse>().Symbols, Is.EqualTo(all));
    }

    [Test]
    public async Task Stream_SocketDropsMidStream_ReconnectsAndEmitsOnlyClosedCandles()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.BinanceSocket = async (ws, streams, connection, ct) =>
        {
            var from = connection == 0 ? 0 : 3;
            for (var i = from; i < from + 3; i++)
            {
                await FakeExchange.SendAsync(ws, fake.KlineEvent(streams[0], i, closed: false), ct);
                await FakeExchange.SendAsync(ws, fake.KlineEvent(streams[0], i, closed: true), ct);
            }
            if (connection == 0)
            {
                ws.Abort(); // dropped without a close handshake
                return;
            }
            await FakeExchange.HoldOpenAsync(ws, ct);
        };
        await using var sp = MarketDataServices.Build(MarketDataServices.BinanceSettings(fake));
        var source = sp.GetRequiredService<BinanceCandleSource>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var got = new List<(string Symbol, Candle Candle)>();
        await foreach (var item in source.StreamClosedAsync(["BTCUSDT"], "1m", cts.Token))
        {
            got.Add(item);
            if (item.Candle.OpenTimeMs == fake.Rows[5].OpenTime)
            {
                break;
            }
        }

        // What the first socket sent may be lost with the reset (the worker backfills that over REST); what
        // arrives is closed candles only, in order, and everything the second socket sent.
        var times = got.Select(g => g.Candle.OpenTimeMs).ToList();
        Assert.That(got.Select(g => g.Symbol).Distinct(), Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That(times, Is.Ordered.Ascending.And.Unique);
        Assert.That(times, Is.SubsetOf(fake.Rows.Take(6).Select(r => r.OpenTime)));
        Assert.That(times.TakeLast(3), Is.EqualTo(fake.Rows.Skip(3).Take(3).Select(r => r.OpenTime)));
        Assert.That(source.Stream.Reconnects, Is.GreaterThanOrEqualTo(1));
        Assert.That(fake.BinanceConnections, Is.GreaterThanOrEqualTo(2));
    }
}
