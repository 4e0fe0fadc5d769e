using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Store;

namespace Atra.Tests.MarketData;

public class CandleStoreTests
{
    private static Candle C(long t) => new(t, 1, 2, 0.5, 1.5, 10);

    [Test]
    public void Append_MoreThanDepth_KeepsNewestInOrder()
    {
        var store = new CandleStore(10);
        for (var t = 1; t <= 25; t++)
        {
            Assert.That(store.Append("BTCUSDT", "1h", C(t)), Is.EqualTo(AppendResult.Appended));
        }
        var window = store.Window("BTCUSDT", "1h");
        Assert.That(window.Select(c => c.OpenTimeMs), Is.EqualTo(Enumerable.Range(16, 10).Select(i => (long)i)));
        Assert.That(store.TryGetLast("BTCUSDT", "1h", out var last) && last.OpenTimeMs == 25, Is.True);
    }

    [Test]
    public void Append_DuplicateOrOlder_IgnoredIdempotently()
    {
        var store = new CandleStore(10);
        store.Append("ETHUSDT", "1h", C(5));
        store.Append("ETHUSDT", "1h", C(6));
        Assert.Multiple(() =>
        {
            Assert.That(store.Append("ETHUSDT", "1h", C(6) with { Close = 99 }), Is.EqualTo(AppendResult.Duplicate));
            Assert.That(store.Append("ETHUSDT", "1h", C(4)), Is.EqualTo(AppendResult.OutOfOrder));
            Assert.That(store.Window("ETHUSDT", "1h").Select(c => c.OpenTimeMs), Is.EqualTo(new long[] { 5, 6 }));
            Assert.That(store.Window("ETHUSDT", "1h")[1].Close, Is.EqualTo(1.5));
        });
    }

    [Test]
    public void Symbols_PerInterval_OrdinalOrderAndUnknownEmpty()
    {
        var store = new CandleStore(10);
        store.Append("SOLUSDT", "1h", C(1));
        store.Append("BTCUSDT", "1h", C(1));
        store.Append("ETHUSDT", "5m", C(1));
        Assert.Multiple(() =>
        {
            Assert.That(store.Symbols("1h"), Is.EqualTo(new[] { "BTCUSDT", "SOLUSDT" }));
            Assert.That(store.Symbols("4h"), Is.Empty);
            Assert.That(store.Window("XRPUSDT", "1h"), Is.Empty);
            Assert.That(store.TryGetLast("XRPUSDT", "1h", out _), Is.False);
        });
    }

    /// <summary>The memory target: 500 symbols × 3 intervals × 1,000 candles within 150 MB.</summary>
    [Test]
    public void Store_500Symbols3Intervals1000Deep_FitsIn150MB()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;
        var store = new CandleStore(1000);
        string[] intervals = ["5m", "1h", "4h"];
        for (var s = 0; s < 500; s++)
        {
            var symbol = $"SYM{s:D3}USDT";
            foreach (var interval in intervals)
            {
                // 1,200 appends so every ring has wrapped.
                for (var t = 0; t < 1200; t++)
                {
                    store.Append(symbol, interval, new Candle(t, 1, 2, 0.5, 1.5, t));
                }
            }
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var mb = (after - before) / 1024.0 / 1024.0;
        TestContext.Out.WriteLine($"candle store 500x3x1000: {mb:0.0} MB managed heap ({(after - before) / 1_500_000.0:0.0} bytes per candle); " +
            $"process working set {workingSetBefore / 1048576.0:0} MB -> {Environment.WorkingSet / 1048576.0:0} MB");
        Assert.That(store.Symbols("1h"), Has.Count.EqualTo(500));
        Assert.That(store.Window("SYM499USDT", "4h"), Has.Count.EqualTo(1000));
        Assert.That(mb, Is.LessThan(150));
        GC.KeepAlive(store);
    }
}
