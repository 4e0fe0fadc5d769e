using System.Collections.Concurrent;

namespace Atra.Modules.Shared.Coordination;

/// <summary>
/// The in-process implementations, used when no Redis is configured: one instance, state in memory,
/// expiry measured on the injected <see cref="TimeProvider"/> so tests can move time.
/// </summary>
internal sealed class InProcessCoordination : ICache, IDistributedCounter, IDurableQueue, IDistributedLock
{
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Value, DateTimeOffset Expires)> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _locks = new(StringComparer.Ordinal);
    private long _sequence;
    private long _cacheWrites;
    private long _counterWrites;

    // Expired cache entries and counters are swept every this many writes: a key written once (a client address's
    // login counter, a cached value) does not stay forever, so memory is bounded by the keys live within their window.
    private const int SweepEvery = 1024;

    /// <summary>Entries held now (cache, counters), for tests and the soak benchmark.</summary>
    internal (int Cache, int Counters) Held
    {
        get
        {
            lock (_gate)
            {
                return (_cache.Count, _counters.Count);
            }
        }
    }

    public InProcessCoordination(TimeProvider clock) => _clock = clock;

    private DateTimeOffset Now => _clock.GetUtcNow();

    Task<string?> ICache.GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(key, out var entry))
        {
            if (entry.Expires > Now)
            {
                return Task.FromResult<string?>(entry.Value);
            }
            _cache.TryRemove(KeyValuePair.Create(key, entry));
        }
        return Task.FromResult<string?>(null);
    }

    Task ICache.SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var now = Now;
        _cache[key] = (value, now + timeToLive);
        if (Interlocked.Increment(ref _cacheWrites) % SweepEvery == 0)
        {
            foreach (var entry in _cache)
            {
                if (entry.Value.Expires <= now)
                {
                    _cache.TryRemove(entry);
                }
            }
        }
        return Task.CompletedTask;
    }

    Task<bool> ICache.RemoveAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_cache.TryRemove(key, out _));

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            if (!_counters.TryGetValue(key, out var counter) || counter.Expires <= now)
            {
                counter = (0, now + window);
            }
            counter.Value++;
            _counters[key] = counter;
            if (++_counterWrites % SweepEvery == 0)
            {
                foreach (var expired in _counters.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList())
                {
                    _counters.Remove(expired);
                }
            }
            return Task.FromResult(counter.Value);
        }
    }

    Task<long> IDistributedCounter.GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_counters.TryGetValue(key, out var c) && c.Expires > Now ? c.Value : 0);
        }
    }

    public Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            return Task.FromResult<TimeSpan?>(_counters.TryGetValue(key, out var c) && c.Expires > now ? c.Expires - now : null);
        }
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _counters.Remove(key);
        }
        return Task.CompletedTask;
    }

    public Task<string> EnqueueAsync(string queue, string payload, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var id = (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Queue(queue).Add(new Entry(id, payload));
            return Task.FromResult(id);
        }
    }

    public Task<IReadOnlyList<QueueMessage>> LeaseAsync(string queue, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            var leased = new List<QueueMessage>();
            foreach (var entry in Queue(queue))
            {
                if (leased.Count >= max)
                {
                    break;
                }
                if (entry.LeasedUntil is { } until && until > now)
                {
                    continue;
                }
                entry.LeasedUntil = now + lease;
                entry.Deliveries++;
                leased.Add(new QueueMessage(entry.Id, entry.Payload, entry.Deliveries));
            }
            return Task.FromResult<IReadOnlyList<QueueMessage>>(leased);
        }
    }

    public Task AcknowledgeAsync(string queue, string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Queue(queue).RemoveAll(e => e.Id == id);
        }
        return Task.CompletedTask;
    }

    public Task<long> LengthAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)Queue(queue).Count);
        }
    }

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            if (_locks.TryGetValue(name, out var held) && held.Expires > now)
            {
                return Task.FromResult<IAsyncDisposable?>(null);
            }
            var token = Guid.NewGuid().ToString("N");
            _locks[name] = (token, now + timeToLive);
            return Task.FromResult<IAsyncDisposable?>(new Release(this, name, token));
        }
    }

    private List<Entry> Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var list))
        {
            _queues[name] = list = [];
        }
        return list;
    }

    private void ReleaseLock(string name, string token)
    {
        lock (_gate)
        {
            // Only the holder's own token releases: a lock that expired and was taken by another stays theirs.
            if (_locks.TryGetValue(name, out var held) && held.Token == token)
            {
                _locks.Remove(name);
            }
        }
    }

    private sealed class Entry(string id, string payload)
    {
        public string Id { get; } = id;
        public string Payload { get; } = payload;
        public DateTimeOffset? LeasedUntil { get; set; }
        public int Deliveries { get; set; }
    }

    private sealed class Release(InProcessCoordination owner, string name, string token) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            owner.ReleaseLock(name, token);
            return ValueTask.CompletedTask;
        }
    }
}
