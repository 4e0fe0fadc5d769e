using Atra.Modules.Shared.Coordination;
using Atra.Tests.Fakes;

namespace Atra.Tests.Shared;

/// <summary>Issue 13 item 10: in-process counters and cache entries do not outlive their window.</summary>
public sealed class BoundedMemoryTests
{
    [Test]
    public async Task InProcessCounters_OnePerClientAddress_ArePurgedAfterTheirWindow()
    {
        var clock = new FakeTimeProvider();
        var coordination = new InProcessCoordination(clock);
        ICache cache = coordination;
        // A day's worth of one-off client addresses (a login counter each), in batches a window apart.
        for (var batch = 0; batch < 20; batch++)
        {
            for (var i = 0; i < 2_000; i++)
            {
                await coordination.IncrementAsync($"login:10.{batch}.{i / 256}.{i % 256}", TimeSpan.FromMinutes(15));
                await cache.SetAsync($"page:{batch}:{i}", "v", TimeSpan.FromMinutes(5));
            }
            clock.Advance(TimeSpan.FromMinutes(20));
        }
        var (cached, counted) = coordination.Held;
        Assert.Multiple(() =>
        {
            // At most the last window's keys plus one sweep interval, not the 40,000 written.
            Assert.That(counted, Is.LessThanOrEqualTo(2_000 + 1_024), "counters");
            Assert.That(cached, Is.LessThanOrEqualTo(2_000 + 1_024), "cache entries");
        });
    }
}
