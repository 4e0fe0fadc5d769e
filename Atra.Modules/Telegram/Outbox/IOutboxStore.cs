namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Where the outbox lives: the <c>telegram_outbox</c> table (<see cref="SqliteOutboxStore"/>) or a Redis stream
/// (<see cref="RedisOutboxStore"/>). Same contract for both: a message is stored once per dedup key; a lease hands out
/// at most one message per chat at a time (the chat's oldest), claimed so nothing else sends it; a leased message is
/// settled by exactly one of sent, rescheduled, dropped or released; what a crash leaves leased comes back at the next
/// start (<see cref="RecoverInFlightAsync"/>).
/// </summary>
internal interface IOutboxStore
{
    /// <summary>Stores messages; a key seen before (queued, sent or dropped) is skipped. Returns how many were new.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>At start: messages a previous run leased and never settled are made due again; returns how many.</summary>
    Task<int> RecoverInFlightAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// While running: messages leased before <paramref name="leasedBefore"/> that no sender holds any more (not in
    /// <paramref name="held"/>, this process's unsettled leases) are made due again; returns how many. A lease whose
    /// outcome could not be recorded, or whose sender died, must not cut its chat off until the next start.
    /// </summary>
    Task<int> RecoverLeasesAsync(DateTimeOffset leasedBefore, IReadOnlyCollection<OutboxItem> held, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> due messages, each the oldest of its chat, none of a chat that has one leased; oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Leased messages that were never sent go back to waiting, without counting an attempt.</summary>
    Task ReleaseAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken = default);

    /// <summary>Records deliveries, all in one write (the sender commits marks in groups).</summary>
    Task MarkSentAsync(IReadOnlyList<SentMark> marks, CancellationToken cancellationToken = default);

    /// <summary>Puts a leased message back to wait until <paramref name="notBefore"/>; a rate-limit answer does not count as an attempt.</summary>
    Task RescheduleAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool countAttempt, CancellationToken cancellationToken = default);

    /// <summary>Holds every waiting message of a chat until <paramref name="notBefore"/> (Telegram asked us to wait).</summary>
    Task PostponeChatAsync(long chatId, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    Task DropAsync(OutboxItem item, string reason, CancellationToken cancellationToken = default);

    /// <summary>Drops every waiting message of a chat (the user blocked the bot); returns how many.</summary>
    Task<int> DropChatAsync(long chatId, string reason, CancellationToken cancellationToken = default);

    /// <summary>The earliest time a waiting message becomes due, or null when nothing waits.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Messages not yet delivered or dropped (the <c>atra_telegram_outbox_depth</c> gauge).</summary>
    Task<long> DepthAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts by status (pending, sending, sent, dropped), for /admin and tests.</summary>
    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}
