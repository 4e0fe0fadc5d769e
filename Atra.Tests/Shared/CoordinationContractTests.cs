using Atra.Modules.Shared.Coordination;
using Atra.Tests.Fakes;
using StackExchange.Redis;

namespace Atra.Tests.Shared;

/// <summary>
/// One set of assertions for both implementations of the coordination building blocks: in-process (time moved
/// by a fake clock) and Redis (a real redis-server; time passes for real, in short steps).
/// </summary>
[TestFixture("in-process")]
[TestFixture("redis")]
public sealed class CoordinationContractTests(string backend)
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private FakeTimeProvider _clock = null!;
    private ConnectionMultiplexer? _redis;
    private object _impl = null!;

    private ICache Cache => (ICache)_impl;
    private IDistributedCounter Counter => (IDistributedCounter)_impl;
    private IDurableQueue Queue => (IDurableQueue)_impl;
    private IDistributedLock Lock => (IDistributedLock)_impl;

    [SetUp]
    public void Create()
    {
        _clock = new FakeTimeProvider();
        if (backend == "redis")
        {
            _redis = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);
            _impl = new RedisCoordination(_redis, $"contract-{Guid.NewGuid():N}:");
        }
        else
        {
            _impl = new InProcessCoordination(_clock);
        }
    }

    [TearDown]
    public void Dispose() => _redis?.Dispose();

    /// <summary>Lets <paramref name="by"/> pass: on the fake clock, or for real (plus a margin) for Redis.</summary>
    private async Task PassAsync(TimeSpan by)
    {
        if (_redis is null)
        {
            _clock.Advance(by);
        }
        else
        {
            await Task.Delay(by + TimeSpan.FromMilliseconds(150));
        }
    }

    [Test]
    public async Task Cache_SetGetRemove_RoundTrips()
    {
        Assert.That(await Cache.GetAsync("k"), Is.Null);
        await Cache.SetAsync("k", "v1", TimeSpan.FromMinutes(1));
        Assert.That(await Cache.GetAsync("k"), Is.EqualTo("v1"));
        await Cache.SetAsync("k", "v2", TimeSpan.FromMinutes(1));
        Assert.That(await Cache.GetAsync("k"), Is.EqualTo("v2"));
        Assert.That(await Cache.RemoveAsync("k"), Is.True);
        Assert.That(await Cache.RemoveAsync("k"), Is.False);
        Assert.That(await Cache.GetAsync("k"), Is.Null);
    }

    [Test]
    public async Task Cache_AfterTimeToLive_IsGone()
    {
        await Cache.SetAsync("short", "v", Short);
        Assert.That(await Cache.GetAsync("short"), Is.EqualTo("v"));
        await PassAsync(Short);
        Assert.That(await Cache.GetAsync("short"), Is.Null);
    }

    [Test]
    public async Task Counter_IncrementGetReset_Counts()
    {
        Assert.That(await Counter.GetAsync("c"), Is.Zero);
        Assert.That(await Counter.TimeToLiveAsync("c"), Is.Null);
        Assert.That(await Counter.IncrementAsync("c", TimeSpan.FromMinutes(1)), Is.EqualTo(1));
        Assert.That(await Counter.IncrementAsync("c", TimeSpan.FromMinutes(1)), Is.EqualTo(2));
        Assert.That(await Counter.GetAsync("c"), Is.EqualTo(2));
        var ttl = await Counter.TimeToLiveAsync("c");
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromSeconds(50)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        await Counter.ResetAsync("c");
        Assert.That(await Counter.GetAsync("c"), Is.Zero);
    }

    [Test]
    public async Task Counter_WindowStartsAtFirstIncrement_AndExpires()
    {
        await Counter.IncrementAsync("w", Short);
        // A later increment does not extend the window.
        await Counter.IncrementAsync("w", TimeSpan.FromMinutes(10));
        Assert.That(await Counter.TimeToLiveAsync("w"), Is.LessThanOrEqualTo(Short));
        await PassAsync(Short);
        Assert.That(await Counter.GetAsync("w"), Is.Zero);
        Assert.That(await Counter.IncrementAsync("w", Short), Is.EqualTo(1));
    }

    [Test]
    public async Task Queue_EnqueueLeaseAcknowledge_DeliversOnceInOrder()
    {
        await Queue.EnqueueAsync("q", "a");
        await Queue.EnqueueAsync("q", "b");
        await Queue.EnqueueAsync("q", "c");
        Assert.That(await Queue.LengthAsync("q"), Is.EqualTo(3));
        var first = await Queue.LeaseAsync("q", 2, TimeSpan.FromMinutes(1));
        Assert.That(first.Select(m => m.Payload), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(first.All(m => m.DeliveryCount == 1), Is.True);
        var second = await Queue.LeaseAsync("q", 10, TimeSpan.FromMinutes(1));
        Assert.That(second.Select(m => m.Payload), Is.EqualTo(new[] { "c" }), "leased messages are not handed out again within their lease");
        foreach (var m in first.Concat(second))
        {
            await Queue.AcknowledgeAsync("q", m.Id);
        }
        Assert.That(await Queue.LengthAsync("q"), Is.Zero);
        Assert.That(await Queue.LeaseAsync("q", 10, TimeSpan.FromMinutes(1)), Is.Empty);
    }

    [Test]
    public async Task Queue_LeaseRunsOut_MessageIsDeliveredAgain()
    {
        await Queue.EnqueueAsync("r", "payload");
        var leased = await Queue.LeaseAsync("r", 1, Short);
        Assert.That(leased, Has.Count.EqualTo(1));
        await PassAsync(Short);
        var again = await Queue.LeaseAsync("r", 1, Short);
        Assert.That(again, Has.Count.EqualTo(1));
        Assert.That(again[0].Payload, Is.EqualTo("payload"));
        Assert.That(again[0].DeliveryCount, Is.EqualTo(2));
        await Queue.AcknowledgeAsync("r", again[0].Id);
        Assert.That(await Queue.LengthAsync("r"), Is.Zero);
    }

    [Test]
    public async Task Lock_HeldLock_RefusesOthersUntilReleased()
    {
        var held = await Lock.TryAcquireAsync("l", TimeSpan.FromMinutes(1));
        Assert.That(held, Is.Not.Null);
        Assert.That(await Lock.TryAcquireAsync("l", TimeSpan.FromMinutes(1)), Is.Null);
        Assert.That(await Lock.TryAcquireAsync("other", TimeSpan.FromMinutes(1)), Is.Not.Null);
        await held!.DisposeAsync();
        var next = await Lock.TryAcquireAsync("l", TimeSpan.FromMinutes(1));
        Assert.That(next, Is.Not.Null);
        await next!.DisposeAsync();
    }

    [Test]
    public async Task Lock_Expired_CanBeTaken_AndOldHolderCannotReleaseIt()
    {
        var stale = await Lock.TryAcquireAsync("e", Short);
        Assert.That(stale, Is.Not.Null);
        await PassAsync(Short);
        var fresh = await Lock.TryAcquireAsync("e", TimeSpan.FromMinutes(1));
        Assert.That(fresh, Is.Not.Null);
        await stale!.DisposeAsync();
        Assert.That(await Lock.TryAcquireAsync("e", TimeSpan.FromMinutes(1)), Is.Null, "the stale holder's release must not free the new holder's lock");
        await fresh!.DisposeAsync();
    }
}
