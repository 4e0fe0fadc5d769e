using System.Data.Common;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// What the rest of the bot queues messages through: stores them in the configured <see cref="IOutboxStore"/>
/// (Redis stream when <c>Redis:Configuration</c> is set, the SQLite table otherwise) and wakes the sender.
/// </summary>
internal sealed class TelegramOutbox(IOutboxStore store, OutboxWakeup wakeup)
{
    /// <summary>True when the outbox is the SQLite table, so it can share a transaction with other rows.</summary>
    public bool InDatabase => store is SqliteOutboxStore;

    /// <summary>Enqueues messages; a key already present (pending or delivered) is skipped. Returns how many were new.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        var added = await store.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        if (added > 0)
        {
            wakeup.Notify();
        }
        return added;
    }

    /// <summary>
    /// Enqueues inside a caller's SQLite transaction (<see cref="InDatabase"/> only); the caller commits and then
    /// calls <see cref="Notify"/>.
    /// </summary>
    public Task<int> EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default) =>
        store is SqliteOutboxStore sqlite
            ? sqlite.EnqueueAsync(connection, transaction, messages, cancellationToken)
            : throw new InvalidOperationException("the outbox is not in the database");

    public void Notify() => wakeup.Notify();

    public Task<long> DepthAsync(CancellationToken cancellationToken = default) => store.DepthAsync(cancellationToken);

    /// <summary>Counts by status (pending, sending, sent, dropped), for /admin and tests.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default) =>
        store.CountByStatusAsync(cancellationToken);
}
