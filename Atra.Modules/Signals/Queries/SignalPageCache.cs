using System.Collections.Concurrent;
using System.Text.Json;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Queries;

/// <summary>
/// The JSON of recent <c>GET /api/signals</c> pages, serialized once and served as bytes until the signals change.
/// Every write the API can see calls <see cref="Invalidate"/> once it is committed (a new signal or a close through its
/// notification, the batched TP1/DCA states from <c>SignalStore</c>), so the next request reads SQLite again. A page read while
/// a write was in flight carries the version it started under and is never served after the bump. Entries also
/// expire after <see cref="MaxAge"/>, bounding staleness for writes this process cannot see (another instance, a
/// hand-edited database).
/// </summary>
internal sealed class SignalPageCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    // Distinct filter combinations are few in practice; past this the cache starts over rather than grow.
    private const int MaxEntries = 256;

    private readonly ConcurrentDictionary<ListSignals, Entry> _pages = new();
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _pages.Clear();
    }

    public bool TryGet(ListSignals query, out byte[] json)
    {
        if (_pages.TryGetValue(query, out var entry) && entry.Version == Version && clock.GetTimestamp() - entry.Stamp < MaxAgeTicks(clock))
        {
            json = entry.Json;
            return true;
        }
        json = [];
        return false;
    }

    /// <summary>Serializes <paramref name="page"/> (read under <paramref name="version"/>) and keeps it unless a write came since.</summary>
    public byte[] Add(ListSignals query, long version, SignalPage page, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(page, options);
        if (version == Version)
        {
            if (_pages.Count >= MaxEntries)
            {
                _pages.Clear();
            }
            _pages[query] = new Entry(version, clock.GetTimestamp(), json);
        }
        return json;
    }

    private static long MaxAgeTicks(TimeProvider clock) => (long)(MaxAge.TotalSeconds * clock.TimestampFrequency);

    private sealed record Entry(long Version, long Stamp, byte[] Json);
}
