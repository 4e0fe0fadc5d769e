using Atra.Modules.MarketData;
using Atra.Modules.MarketData.Whales;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MarketData;

public class WhaleTradeTrackerTests
{
    [Test]
    public void WhaleImpact_NetOfWhaleTradesOverTheirTotal_OldTradesExpire()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var tracker = new WhaleTradeTracker(Options.Create(new MarketOptions()), new FrozenClock(now));
        var t = now.ToUnixTimeMilliseconds();
        // Enough small trades that the 99.9th percentile is small and the 100,000 USDT floor sets the whale size.
        for (var i = 0; i < 10_000; i++)
        {
            tracker.Record("BTCUSDT", t - i, 500, buy: i % 2 == 0); // small trades: ignored
        }
        tracker.Record("BTCUSDT", t - 1000, 300_000, buy: true);
        tracker.Record("BTCUSDT", t - 2000, 100_000, buy: false);
        tracker.Record("BTCUSDT", t - (16 * 60_000), 5_000_000, buy: false); // older than 15 min

        Assert.That(tracker.WhaleImpact("BTCUSDT"), Is.EqualTo((300_000.0 - 100_000) / 400_000).Within(1e-12));
        Assert.That(tracker.WhaleImpact("ETHUSDT"), Is.Zero);

        tracker.Record("SOLUSDT", t, 400_000, buy: false);
        Assert.That(tracker.WhaleImpact("SOLUSDT"), Is.EqualTo(-1), "few trades: the percentile is the largest one");
    }

    /// <summary>Issue 13 item 10: a symbol whose impact is never read still forgets trades older than the window.</summary>
    [Test]
    public void Record_ForAnHourWithoutAnyRead_KeepsOnlyTheWindow()
    {
        var clock = new Atra.Tests.Fakes.FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var tracker = new WhaleTradeTracker(Options.Create(new MarketOptions()), clock);
        for (var minute = 0; minute < 60; minute++)
        {
            for (var i = 0; i < 100; i++)
            {
                tracker.Record("NEVERREAD", clock.GetUtcNow().ToUnixTimeMilliseconds() + i, 1_000, buy: true);
            }
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        // The 15-minute window at 100 trades a minute: 15 or 16 minutes' worth, not the hour's 6,000.
        Assert.That(tracker.Held("NEVERREAD"), Is.InRange(1_500, 1_600));
    }

    /// <summary>A burst within the window is bounded by <c>Market:WhaleMaxTradesPerSymbol</c>, the oldest going first.</summary>
    [Test]
    public void Record_ABurst_IsBoundedBytheSetting()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var tracker = new WhaleTradeTracker(Options.Create(new MarketOptions { WhaleMaxTradesPerSymbol = 1_000 }), new FrozenClock(now));
        for (var i = 0; i < 5_000; i++)
        {
            tracker.Record("BURST", now.ToUnixTimeMilliseconds(), 1_000, buy: true);
        }
        Assert.That(tracker.Held("BURST"), Is.EqualTo(1_000));
    }
}
