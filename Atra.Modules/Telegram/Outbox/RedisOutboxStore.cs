using System.Globalization;
using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// The outbox on a Redis stream (<c>Redis:Configuration</c> set). Each message is one entry, added only if its key
/// (<c>{prefix}telegram:outbox:key:{dedup key}</c>) was not set before, in one script, so the same (signal, user)
/// pair is queued once. The sender reads through a consumer group under a name that survives restarts
/// (<c>Telegram:OutboxConsumer</c>): what it had read and not settled is its pending list, read back first at the
/// next start; entries another consumer left pending longer than <c>Telegram:OutboxClaimAfter</c> are taken over.
/// A send is settled by one script that acknowledges and deletes the entry and marks the key sent, so the stream's
/// length is the work left. Read entries wait in a bounded buffer here (per-chat order, retry times); a crash loses
/// only those retry times and attempt counts, never an entry.
/// </summary>
internal sealed class RedisOutboxStore : IOutboxStore
{
    private const string Group = "telegram-sender";
    private const int BufferCapacity = 512;

    // Queued once per key: the key is set (NX) and the entry added in one step.
    private const string EnqueueScript = """
        if redis.call('SET', KEYS[2], 'q', 'NX', 'PX', ARGV[1]) then
          redis.call('XADD', KEYS[1], '*', 'k', ARGV[2], 'c', ARGV[3], 'm', ARGV[4], 'e', ARGV[5], 't', ARGV[6], 'r', ARGV[7], 'p', ARGV[8])
          return 1
        end
        return 0
        """;

    // Settled in one step: acknowledged, deleted, the key marked with the outcome (s/d), counted.
    private const string SettleScript = """
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
        return redis.call('INCR', KEYS[3])
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly RedisKey _stream;
    private readonly string _keyPrefix;
    private readonly RedisKey _sentCount;
    private readonly RedisKey _droppedCount;
    private readonly string _consumer;
    private readonly TimeSpan _claimAfter;
    private readonly long _retentionMs;
    private readonly Lock _gate = new();
    private readonly List<Entry> _buffer = [];
    private readonly HashSet<string> _buffered = new(StringComparer.Ordinal);
    private bool _groupReady;

    public RedisOutboxStore(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<TelegramOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _clock = clock;
        var prefix = redisOptions.Value.KeyPrefix + "telegram:outbox";
        _stream = prefix;
        _keyPrefix = prefix + ":key:";
        _sentCount = prefix + ":sent";
        _droppedCount = prefix + ":dropped";
        _consumer = string.IsNullOrWhiteSpace(options.Value.OutboxConsumer) ? Environment.MachineName : options.Value.OutboxConsumer;
        _claimAfter = options.Value.OutboxClaimAfter;
        _retentionMs = (long)options.Value.OutboxKeyRetention.TotalMilliseconds;
    }

    private IDatabase Db => _redis.GetDatabase();

    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }
        await EnsureGroupAsync().ConfigureAwait(false);
        var db = Db;
        var added = 0;
        // Pipelined in slices: one round trip per slice, in order (entries of a chat keep their order).
        const int Slice = 500;
        var pending = new List<Task<RedisResult>>(Slice);
        for (var start = 0; start < messages.Count; start += Slice)
        {
            pending.Clear();
            for (var i = start; i < Math.Min(messages.Count, start + Slice); i++)
            {
                var m = messages[i];
                pending.Add(db.ScriptEvaluateAsync(EnqueueScript, [_stream, (RedisKey)(_keyPrefix + m.DedupKey)],
                [
                    _retentionMs, m.DedupKey, m.ChatId, m.IsEdit ? "edit" : "send",
                    m.EditMessageId is { } edit ? edit.ToString(CultureInfo.InvariantCulture) : "", m.Text, m.ReplyMarkupJson ?? "",
                    (int)m.Priority,
                ]));
            }
            foreach (var result in await Task.WhenAll(pending).ConfigureAwait(false))
            {
                added += (int)result;
            }
        }
        return added;
    }

    /// <summary>Reads back this consumer's pending entries (leased by the last run, never settled) into the buffer.</summary>
    public async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken = default)
    {
        await EnsureGroupAsync().ConfigureAwait(false);
        var db = Db;
        var recovered = 0;
        var after = (RedisValue)"0-0";
        while (true)
        {
            // From an id (not ">"): this consumer's own pending list, oldest first.
            var entries = await db.StreamReadGroupAsync(_stream, Group, _consumer, after, BufferCapacity).ConfigureAwait(false);
            if (entries.Length == 0)
            {
                break;
            }
            recovered += await AdmitAsync(entries, db).ConfigureAwait(false);
            after = entries[^1].Id;
            if (entries.Length < BufferCapacity)
            {
                break;
            }
        }
        return recovered;
    }

    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, CancellationToken cancellationToken = default)
    {
        await EnsureGroupAsync().ConfigureAwait(false);
        await FillAsync().ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var items = new List<OutboxItem>(Math.Min(max, BufferCapacity));
        lock (_gate)
        {
            // A chat's first buffered entry blocks its later ones, leased or not: one at a time, in order.
            var seen = new HashSet<long>();
            var heads = new List<Entry>();
            foreach (var entry in _buffer)
            {
                if (!seen.Add(entry.Item.ChatId) || entry.Leased || entry.NotBefore > now)
                {
                    continue;
                }
                heads.Add(entry);
            }
            // The most urgent chats first (OutboxPriority), stream order among equals; only within what is buffered.
            foreach (var entry in heads.OrderBy(e => e.Item.Priority).Take(max))
            {
                entry.Leased = true;
                entry.LeasedAt = now;
                items.Add(entry.Item with { Attempts = entry.Attempts });
            }
        }
        return items;
    }

    /// <summary>A buffered entry marked leased that the sender no longer holds goes back to waiting (it stays this consumer's).</summary>
    public Task<int> RecoverLeasesAsync(DateTimeOffset leasedBefore, IReadOnlyCollection<OutboxItem> held, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(held);
        var holding = held.Select(h => h.EntryId).ToHashSet(StringComparer.Ordinal);
        var recovered = 0;
        lock (_gate)
        {
            foreach (var entry in _buffer)
            {
                if (entry.Leased && entry.LeasedAt < leasedBefore && !holding.Contains(entry.Item.EntryId))
                {
                    entry.Leased = false;
                    recovered++;
                }
            }
        }
        return Task.FromResult(recovered);
    }

    public Task ReleaseAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (Find(item) is { } entry)
                {
                    entry.Leased = false;
                }
            }
        }
        return Task.CompletedTask;
    }

    public async Task MarkSentAsync(IReadOnlyList<SentMark> marks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var db = Db;
        var settles = new Task[marks.Count];
        for (var i = 0; i < marks.Count; i++)
        {
            settles[i] = SettleAsync(db, marks[i].Item, "s");
        }
        await Task.WhenAll(settles).ConfigureAwait(false);
        Forget(marks.Select(m => m.Item));
    }

    public Task RescheduleAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (Find(item) is { } entry)
            {
                entry.Leased = false;
                entry.NotBefore = notBefore;
                if (countAttempt)
                {
                    entry.Attempts++;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task PostponeChatAsync(long chatId, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var entry in _buffer)
            {
                if (entry.Item.ChatId == chatId && entry.NotBefore < notBefore)
                {
                    entry.NotBefore = notBefore;
                }
            }
        }
        return Task.CompletedTask;
    }

    public async Task DropAsync(OutboxItem item, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await SettleAsync(Db, item, "d").ConfigureAwait(false);
        Forget([item]);
    }

    /// <summary>Drops the chat's buffered entries; ones not read yet are dropped when Telegram refuses them in turn.</summary>
    public async Task<int> DropChatAsync(long chatId, string reason, CancellationToken cancellationToken = default)
    {
        List<OutboxItem> drop;
        lock (_gate)
        {
            drop = _buffer.Where(e => e.Item.ChatId == chatId && !e.Leased).Select(e => e.Item).ToList();
        }
        var db = Db;
        await Task.WhenAll(drop.Select(item => SettleAsync(db, item, "d"))).ConfigureAwait(false);
        Forget(drop);
        return drop.Count;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        int buffered;
        DateTimeOffset? earliest = null;
        lock (_gate)
        {
            buffered = _buffer.Count;
            foreach (var entry in _buffer)
            {
                if (!entry.Leased && (earliest is null || entry.NotBefore < earliest))
                {
                    earliest = entry.NotBefore;
                }
            }
        }
        // Entries in the stream that this process has not read yet are due now, if the buffer can take them.
        if (buffered < BufferCapacity && await Db.StreamLengthAsync(_stream).ConfigureAwait(false) > buffered)
        {
            return _clock.GetUtcNow();
        }
        return earliest;
    }

    public Task<long> DepthAsync(CancellationToken cancellationToken = default) => Db.StreamLengthAsync(_stream);

    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        var db = Db;
        var length = await db.StreamLengthAsync(_stream).ConfigureAwait(false);
        var sent = await db.StringGetAsync(_sentCount).ConfigureAwait(false);
        var dropped = await db.StringGetAsync(_droppedCount).ConfigureAwait(false);
        long leased;
        lock (_gate)
        {
            leased = _buffer.Count(e => e.Leased);
        }
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["pending"] = length - leased,
            ["sending"] = leased,
            ["sent"] = sent.HasValue ? (long)sent : 0,
            ["dropped"] = dropped.HasValue ? (long)dropped : 0,
        };
    }

    /// <summary>Tops the buffer up: first entries a dead consumer left pending, then new ones.</summary>
    private async Task FillAsync()
    {
        var db = Db;
        await RenewAsync(db).ConfigureAwait(false);
        var room = BufferCapacity - BufferedCount();
        if (room <= 0)
        {
            return;
        }
        var claimed = await db.StreamAutoClaimAsync(_stream, Group, _consumer, (long)_claimAfter.TotalMilliseconds, "0-0", room).ConfigureAwait(false);
        if (claimed.DeletedIds.Length > 0)
        {
            // Settled (deleted) while still pending elsewhere: nothing to send.
            await db.StreamAcknowledgeAsync(_stream, Group, claimed.DeletedIds).ConfigureAwait(false);
        }
        await AdmitAsync(claimed.ClaimedEntries, db).ConfigureAwait(false);
        room = BufferCapacity - BufferedCount();
        if (room <= 0)
        {
            return;
        }
        var fresh = await db.StreamReadGroupAsync(_stream, Group, _consumer, StreamPosition.NewMessages, room).ConfigureAwait(false);
        await AdmitAsync(fresh, db).ConfigureAwait(false);
    }

    /// <summary>
    /// Buffered entries are this consumer's; touching them (XCLAIM to itself) before <c>OutboxClaimAfter</c> runs out
    /// keeps another live instance from taking them over while they wait here.
    /// </summary>
    private async Task RenewAsync(IDatabase db)
    {
        var now = _clock.GetUtcNow();
        RedisValue[] stale;
        lock (_gate)
        {
            stale = _buffer.Where(e => now - e.Touched > _claimAfter / 3).Select(e => (RedisValue)e.Item.EntryId).ToArray();
            foreach (var entry in _buffer)
            {
                if (now - entry.Touched > _claimAfter / 3)
                {
                    entry.Touched = now;
                }
            }
        }
        if (stale.Length > 0)
        {
            await db.StreamClaimIdsOnlyAsync(_stream, Group, _consumer, 0, stale).ConfigureAwait(false);
        }
    }

    /// <summary>Adds read entries to the buffer; ones whose key is already settled (sent or dropped) are only acknowledged.</summary>
    private async Task<int> AdmitAsync(StreamEntry[] entries, IDatabase db)
    {
        if (entries.Length == 0)
        {
            return 0;
        }
        var keys = entries.Select(e => e.IsNull ? RedisValue.Null : e["k"]).ToArray();
        var states = await Task.WhenAll(keys.Select(k => k.IsNull ? Task.FromResult(RedisValue.Null) : db.StringGetAsync(_keyPrefix + k))).ConfigureAwait(false);
        var settled = new List<RedisValue>();
        var admitted = 0;
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                var e = entries[i];
                if (e.IsNull || keys[i].IsNull || states[i] == "s" || states[i] == "d")
                {
                    settled.Add(e.Id);
                    continue;
                }
                var id = e.Id.ToString();
                if (!_buffered.Add(id))
                {
                    continue;
                }
                var edit = e["e"];
                var markup = e["r"];
                var priority = e["p"];
                var item = new OutboxItem(0, keys[i].ToString(), (long)e["c"], e["m"].ToString(), edit.IsNullOrEmpty ? null : (long)edit, e["t"].ToString(),
                    markup.IsNullOrEmpty ? null : markup.ToString(), 0, priority.IsNullOrEmpty ? 0 : (long)priority)
                {
                    EntryId = id,
                };
                _buffer.Add(new Entry(item, now));
                admitted++;
            }
            // Reclaimed entries may be older than buffered ones: keep stream order, which is each chat's order.
            _buffer.Sort(static (a, b) => CompareIds(a.Item.EntryId!, b.Item.EntryId!));
        }
        if (settled.Count > 0)
        {
            await db.StreamAcknowledgeAsync(_stream, Group, [.. settled]).ConfigureAwait(false);
            await db.StreamDeleteAsync(_stream, [.. settled]).ConfigureAwait(false);
        }
        return admitted;
    }

    private Task<RedisResult> SettleAsync(IDatabase db, OutboxItem item, string outcome) =>
        db.ScriptEvaluateAsync(SettleScript, [_stream, (RedisKey)(_keyPrefix + item.DedupKey), outcome == "s" ? _sentCount : _droppedCount],
            [Group, item.EntryId, outcome, _retentionMs]);

    private void Forget(IEnumerable<OutboxItem> items)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (item.EntryId is { } id && _buffered.Remove(id))
                {
                    _buffer.RemoveAll(e => e.Item.EntryId == id);
                }
            }
        }
    }

    private Entry? Find(OutboxItem item)
    {
        foreach (var entry in _buffer)
        {
            if (entry.Item.EntryId == item.EntryId)
            {
                return entry;
            }
        }
        return null;
    }

    private int BufferedCount()
    {
        lock (_gate)
        {
            return _buffer.Count;
        }
    }

    private async Task EnsureGroupAsync()
    {
        if (Volatile.Read(ref _groupReady))
        {
            return;
        }
        try
        {
            // From the start of the stream: entries queued before the group existed are work too.
            await Db.StreamCreateConsumerGroupAsync(_stream, Group, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Made by another instance or an earlier run.
        }
        Volatile.Write(ref _groupReady, true);
    }

    /// <summary>Orders stream ids (<c>ms-seq</c>) numerically.</summary>
    private static int CompareIds(string a, string b)
    {
        static (long Ms, long Seq) Parse(string id)
        {
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            return (long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }
        var (am, aseq) = Parse(a);
        var (bm, bseq) = Parse(b);
        return am != bm ? am.CompareTo(bm) : aseq.CompareTo(bseq);
    }

    private sealed class Entry(OutboxItem item, DateTimeOffset touched)
    {
        public OutboxItem Item { get; } = item;

        public bool Leased { get; set; }

        public DateTimeOffset LeasedAt { get; set; }

        public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;

        public long Attempts { get; set; }

        public DateTimeOffset Touched { get; set; } = touched;
    }
}
