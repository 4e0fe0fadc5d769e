

using StackExchange.Redis;

namespace Atra.Modules.Shared.Coordination;

/// <summary>
/// The Redis implementations: several Atra instances share counters, locks and queues. Expiry is measured by
/// the Redis server's clock. Queues are streams read through one consumer group, so an entry leased by a
/// consumer that died is claimed again once it has been idle for the lease time.
/// </summary>
internal sealed class RedisCoordination : ICache, IDistributedCounter, IDurableQueue, IDistributedLock
{
    private const string Group = "atra";
    private const string Field = "p";

    // INCR and the first PEXPIRE in one step, so a crash between them cannot leave a counter that never expires.
    private static readonly LuaScript IncrementScript = LuaScript.Prepare(
        "local v = redis.call('INCR', @key) if v == 1 then redis.call('PEXPIRE', @key, @ms) end return v");

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly HashSet<string> _groups = [];

    public RedisCoordination(IConnectionMultiplexer redis, string keyPrefix)
    {
        _redis = redis;
        _prefix = keyPrefix;
    }

    private IDatabase Db => _redis.GetDatabase();

    async Task<string?> ICache.GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await Db.StringGetAsync(_prefix + "cache:" + key).ConfigureAwait(false);
        return value.HasValue ? value.ToString() : null;
    }

    Task ICache.SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        Db.StringSetAsync(_prefix + "cache:" + key, value, timeToLive);

    Task<bool> ICache.RemoveAsync(string key, CancellationToken cancellationToken) => Db.KeyDeleteAsync(_prefix + "cache:" + key);

    public async Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var result = await Db.ScriptEvaluateAsync(IncrementScript, new
        {
            key = (RedisKey)(_prefix + "counter:" + key),
            ms = (long)Math.Max(1, window.TotalMilliseconds),
        }).ConfigureAwait(false);
        return (long)result;
    }

    async Task<long> IDistributedCounter.GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await Db.StringGetAsync(_prefix + "counter:" + key).ConfigureAwait(false);
        return value.HasValue ? (long)value : 0;
    }

    public Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken = default) =>
        Db.KeyTimeToLiveAsync(_prefix + "counter:" + key);

    public Task ResetAsync(string key, CancellationToken cancellationToken = default) => Db.KeyDeleteAsync(_prefix + "counter:" + key);

    public async Task<string> EnqueueAsync(string queue, string payload, CancellationToken cancellationToken = default)
    {
        var key = await StreamAsync(queue).ConfigureAwait(false);
        var id = await Db.StreamAddAsync(key, Field, payload).ConfigureAwait(false);
        return id.ToString();
    }

    public async Task<IReadOnlyList<QueueMessage>> LeaseAsync(string queue, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var key = await StreamAsync(queue).ConfigureAwait(false);
        var db = Db;
        var messages = new List<QueueMessage>();

        // First the entries whose consumer did not acknowledge them within the lease (a crash, a timeout).
        var claimed = await db.StreamAutoClaimAsync(key, Group, _consumer, (long)lease.TotalMilliseconds, "0-0", max).ConfigureAwait(false);
        foreach (var entry in claimed.ClaimedEntries)
        {
            if (entry.IsNull)
            {
                continue;
            }
            var pending = await db.StreamPendingMessagesAsync(key, Group, 1, RedisValue.Null, entry.Id, entry.Id).ConfigureAwait(false);
            var deliveries = pending.Length == 1 ? pending[0].DeliveryCount : 2;
            messages.Add(new QueueMessage(entry.Id.ToString(), entry[Field].ToString(), deliveries));
        }

        if (messages.Count < max)
        {
            var fresh = await db.StreamReadGroupAsync(key, Group, _consumer, StreamPosition.NewMessages, max - messages.Count).ConfigureAwait(false);
            foreach (var entry in fresh)
            {
                messages.Add(new QueueMessage(entry.Id.ToString(), entry[Field].ToString(), 1));
            }
        }
        return messages;
    }

    public async Task AcknowledgeAsync(string queue, string id, CancellationToken cancellationToken = default)
    {
        var key = await StreamAsync(queue).ConfigureAwait(false);
        await Db.StreamAcknowledgeAsync(key, Group, id).ConfigureAwait(false);
        // Deleting keeps the stream's length equal to the work left.
        await Db.StreamDeleteAsync(key, [id]).ConfigureAwait(false);
    }

    public async Task<long> LengthAsync(string queue, CancellationToken cancellationToken = default)
    {
        var key = await StreamAsync(queue).ConfigureAwait(false);
        return await Db.StreamLengthAsync(key).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var key = (RedisKey)(_prefix + "lock:" + name);
        var token = Guid.NewGuid().ToString("N");
        var taken = await Db.LockTakeAsync(key, token, timeToLive).ConfigureAwait(false);
        return taken ? new Release(Db, key, token) : null;
    }

    private async Task<RedisKey> StreamAsync(string queue)
    {
        var key = (RedisKey)(_prefix + "queue:" + queue);
        bool known;
        lock (_groups)
        {
            known = _groups.Contains(queue);
        }
        if (!known)
        {
            try
            {
                await Db.StreamCreateConsumerGroupAsync(key, Group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
                // The group exists already: another instance or an earlier run made it.
            }
            lock (_groups)
            {
                _groups.Add(queue);
            }
        }
        return key;
    }

    private sealed class Release(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.LockReleaseAsync(key, token).ConfigureAwait(false);
    }

}
