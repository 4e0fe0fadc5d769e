using Atra.Modules.MarketData;
using Atra.Modules.MarketData.Binance;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Workers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MarketData;

public class MarketDataWorkerTests
{
    /// <summary>
    /// End to end on the module's DI graph against the fake Binance: a 429 at start, warm store, live closed
    /// candles, a socket dropped mid-stream while three candles close, duplicates and a late candle re-sent.
    /// </summary>
    [Test]
    public async Task Binance_SocketDropWith429_WarmStoreNoHolesEveryCandlePublishedOnce()
    {
        await using var fake = await FakeExchange.StartAsync(released: 300);
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
        fake.BinanceSocket = async (ws, streams, connection, ct) =>
        {
            if (connection == 0)
            {
                for (var i = 300; i < 310; i++)
                {
                    fake.Released = i + 1;
                    foreach (var stream in streams)
                    {
                        await FakeExchange.SendAsync(ws, fake.KlineEvent(stream, i, closed: false), ct);
                        await FakeExchange.SendAsync(ws, fake.KlineEvent(stream, i, closed: true), ct);
                    }
                }
                // Three candles close while the socket is down: only REST has them.
                fake.Released = 313;
                ws.Abort();
                return;
            }
            if (connection > 1)
            {
                await FakeExchange.HoldOpenAsync(ws, ct);
                return;
            }
            for (var i = 313; i < 330; i++)
            {
                fake.Released = i + 1;
                foreach (var stream in streams)
                {
                    await FakeExchange.SendAsync(ws, fake.KlineEvent(stream, i, closed: true), ct);
                    if (i == 320)
                    {
                        await FakeExchange.SendAsync(ws, fake.KlineEvent(stream, 320, closed: true), ct); // duplicate
                        await FakeExchange.SendAsync(ws, fake.KlineEvent(stream, 305, closed: true), ct); // late, out of order
                    }
                }
            }
            await FakeExchange.HoldOpenAsync(ws, ct);
        };
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:Symbols:0"] = "BTCUSDT";
        settings["Market:Symbols:1"] = "ETHUSDT";
        settings["Market:CatchUpPeriod"] = "01:00:00";
        settings["Market:WhaleFeed"] = "false";
        var publisher = new RecordingPublisher();
        await using var sp = MarketDataServices.Build(settings, publisher: publisher);
        var worker = sp.GetServices<IHostedService>().OfType<MarketDataWorker>().Single();

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => publisher.For("BTCUSDT").Count >= 30 && publisher.For("ETHUSDT").Count >= 30);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        var expected = fake.Rows.Take(330).Select(r => r.OpenTime).ToList();
        var store = sp.GetRequiredService<ICandleStore>();
        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            Assert.That(store.Window(symbol, "1m").Select(c => c.OpenTimeMs), Is.EqualTo(expected), $"{symbol}: warm store plus live candles, no hole");
            Assert.That(publisher.For(symbol).Select(c => c.Candle.OpenTimeMs), Is.EqualTo(expected.Skip(300).ToList()), $"{symbol}: each new candle published once, in order");
        }
        var requests = fake.Requests.Where(r => r.PathAndQuery.StartsWith("/api", StringComparison.Ordinal)).ToList();
        Assert.That(requests[0].Status, Is.EqualTo(429));
        Assert.That(requests.Skip(1).All(r => r.Status == 200), Is.True);
        Assert.That(requests[1].At - requests[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "Retry-After obeyed");
        Assert.That(requests.Count(r => r.PathAndQuery.Contains("startTime", StringComparison.Ordinal)), Is.EqualTo(2), "one backfill per symbol");
        Assert.That(sp.GetRequiredService<BinanceCandleSource>().Stream.Reconnects, Is.GreaterThanOrEqualTo(1));
        var health = sp.GetRequiredService<IExchangeStatus>().Snapshot().Single(h => h.Exchange == "Binance");
        Assert.That(health.Reachable && health.LastCandleAt is not null && health.LastSuccessAt is not null, Is.True);
        Assert.That(sp.GetRequiredService<IWorkerHeartbeats>().Snapshot().Select(h => h.Worker), Does.Contain(MarketDataWorker.WorkerName));
    }

    [Test]
    public async Task Binance_ExchangeDown_DegradesWithStatusNeverThrows()
    {
        await using var fake = await FakeExchange.StartAsync();
        fake.Intercept = (ctx, n) =>
        {
            ctx.Response.StatusCode = 503;
            return Task.FromResult(true);
        };
        var settings = MarketDataServices.BinanceSettings(fake);
        settings["Market:RequestRetries"] = "0";
        await using var sp = MarketDataServices.Build(settings, publisher: new RecordingPublisher());
        var worker = sp.GetServices<IHostedService>().OfType<MarketDataWorker>().Single();

        await worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => fake.Requests.Count >= 2);
        await worker.StopAsync(CancellationToken.None);

        Assert.That(worker.ExecuteTask!.IsFaulted, Is.False);
        var health = sp.GetRequiredService<IExchangeStatus>().Snapshot().Single(h => h.Exchange == "Binance");
        Assert.That(health.Reachable, Is.False);
        Assert.That(health.LastError, Does.Contain("503"));
        Assert.That(sp.GetRequiredService<IWorkerHeartbeats>().Snapshot().Single().LastFailureReason, Does.Contain("503"));
    }

    [Test]
    public async Task Replay_Worker_PublishesEveryCandleInTimeOrder()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Market:Source"] = "Replay",
            ["Market:Replay:Folder"] = FakeExchange.Data("candles"),
            ["Market:Replay:Speed"] = "0",
            ["Market:Replay:WarmupCandles"] = "50",
            ["Market:StoreDepth"] = "100",
        };
        var publisher = new RecordingPublisher();
        await using var sp = MarketDataServices.Build(settings, publisher: publisher);
        var worker = sp.GetServices<IHostedService>().OfType<MarketDataWorker>().Single();

        await worker.StartAsync(CancellationToken.None);
        await WaitUntil(() => publisher.Published.Count >= 750);
        await worker.StopAsync(CancellationToken.None);

        var published = publisher.Published.ToList();
        Assert.That(published, Has.Count.EqualTo(750));
        Assert.That(published.Select(p => p.Candle.OpenTimeMs), Is.Ordered.Ascending);
        Assert.That(published.Take(3).Select(p => p.Symbol), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" }));
        var store = sp.GetRequiredService<ICandleStore>();
        Assert.That(store.Symbols("1h"), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" }));
        Assert.That(store.Window("SOLUSDT", "1h"), Has.Count.EqualTo(100));
    }

    [Test]
    public void Settings_Invalid_MessagesNameTheKeys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Market:Source"] = "Kraken",
            ["Market:Intervals:0"] = "7m",
            ["Market:AlwaysInclude:0"] = "ETHUSDT",
            ["Market:StoreDepth"] = "1",
        };
        using var sp = MarketDataServices.Build(settings);
        var ex = Assert.Throws<OptionsValidationException>(() => _ = sp.GetRequiredService<IOptions<MarketOptions>>().Value);
        Assert.That(ex!.Failures, Has.Some.StartsWith("Market:Source:"));
        Assert.That(ex.Failures, Has.Some.StartsWith("Market:Intervals:0:"));
        Assert.That(ex.Failures, Has.Some.StartsWith("Market:StoreDepth:"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
