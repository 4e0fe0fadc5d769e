using System.Data.Common;
using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// The outbox in the <c>telegram_outbox</c> table (no Redis configured). A message is stored before any send is
/// tried; a lease claims rows (<c>pending → sending</c>) and the outcome is recorded on the same row, so the queue
/// and its delivery marks live in one place and a restart resumes exactly where the last run stopped. The fan-out
/// writes its offer rows and outbox rows in one transaction.
/// </summary>
internal sealed class SqliteOutboxStore(IDbConnectionFactory connections, TimeProvider clock) : IOutboxStore
{
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var added = await EnqueueAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Enqueues inside a caller's transaction (the fan-out writes its delivery rows in the same one).</summary>
    public async Task<int> EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        const string sql = """
            INSERT INTO telegram_outbox (dedup_key, chat_id, method, edit_message_id, text, reply_markup, status, attempts, not_before, created_at, priority)
            VALUES (@DedupKey, @ChatId, @Method, @EditMessageId, @Text, @ReplyMarkup, 'pending', 0, @Now, @Now, @Priority)
            ON CONFLICT (dedup_key) DO NOTHING
            """;
        ArgumentNullException.ThrowIfNull(messages);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var added = 0;
        foreach (var m in messages)
        {
            added += await connection.ExecuteAsync(new CommandDefinition(sql, new
            {
                m.DedupKey,
                m.ChatId,
                Method = m.IsEdit ? "edit" : "send",
                EditMessageId = (long?)m.EditMessageId,
                m.Text,
                ReplyMarkup = m.ReplyMarkupJson,
                Now = now,
                Priority = (int)m.Priority,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return added;
    }

    /// <summary>
    /// Rows left in <c>sending</c> by a crash: leased, and either never sent, on the wire, or sent with the mark not yet
    /// committed. They are sent again (at-least-once): a rare duplicate of the few messages in that last group beats a
    /// silently lost signal.
    /// </summary>
    public async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'pending' WHERE status = 'sending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Leases older than the cutoff that this process does not hold. While a row is <c>sending</c> its
    /// <c>not_before</c> holds the lease time (set by <see cref="LeaseAsync"/>; nothing reads it until the row is
    /// <c>pending</c> again, and a lease time is never in the future, so a released row is due at once).
    /// </summary>
    public async Task<int> RecoverLeasesAsync(DateTimeOffset leasedBefore, IReadOnlyCollection<OutboxItem> held, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE telegram_outbox SET status = 'pending'
            WHERE status = 'sending' AND not_before < @Cutoff AND id NOT IN (SELECT value FROM json_each(@Held))
            """;
        ArgumentNullException.ThrowIfNull(held);
        var ids = System.Text.Json.JsonSerializer.Serialize(held.Select(h => h.Id));
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Cutoff = leasedBefore.ToUnixTimeMilliseconds(), Held = ids }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// One statement picks and claims (<see cref="OutboxItem.Attempts"/> is the count before this lease): a chat whose oldest open row is leased (<c>sending</c>) offers nothing, so a
    /// chat's messages go out one at a time and in order. Chats are taken most urgent first (the lowest
    /// <see cref="OutboxPriority"/> among their open rows), then oldest first.
    /// </summary>
    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE telegram_outbox SET status = 'sending', attempts = attempts + 1, not_before = @Now
            WHERE id IN (
                SELECT o.id FROM (
                    SELECT MIN(id) AS head, MIN(priority) AS rank FROM telegram_outbox
                    WHERE status IN ('pending', 'sending') GROUP BY chat_id) AS chats
                JOIN telegram_outbox o ON o.id = chats.head
                WHERE o.status = 'pending' AND o.not_before <= @Now
                ORDER BY chats.rank, chats.head
                LIMIT @Max)
            RETURNING id AS Id, dedup_key AS DedupKey, chat_id AS ChatId, method AS Method, edit_message_id AS EditMessageId,
                      text AS Text, reply_markup AS ReplyMarkup, attempts AS Attempts, priority AS Priority
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // On PostgreSQL senders on several instances lease at once: under the write lock each lease's statement sees
        // the previous lease committed, so no row (and no second row of a chat) is leased twice. SQLite: one writer anyway.
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<OutboxItem>(new CommandDefinition(sql, new { Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), Max = max }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        // RETURNING does not promise an order, and it shows the count after this lease.
        rows.Sort(static (a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Id.CompareTo(b.Id));
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { Attempts = rows[i].Attempts - 1 };
        }
        return rows;
    }

    public async Task ReleaseAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'pending', attempts = attempts - 1 WHERE id = @Id AND status = 'sending'";
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { item.Id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkSentAsync(IReadOnlyList<SentMark> marks, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'sent', sent_at = @Now, telegram_message_id = @MessageId, last_error = NULL WHERE id = @Id";
        ArgumentNullException.ThrowIfNull(marks);
        if (marks.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var mark in marks)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { mark.Item.Id, Now = now, MessageId = mark.TelegramMessageId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RescheduleAsync(OutboxItem item, DateTimeOffset notBefore, string error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE telegram_outbox
            SET status = 'pending', not_before = @NotBefore, last_error = @Error, attempts = attempts - @Refund
            WHERE id = @Id
            """;
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { item.Id, NotBefore = notBefore.ToUnixTimeMilliseconds(), Error = error, Refund = countAttempt ? 0 : 1 }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task PostponeChatAsync(long chatId, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET not_before = MAX(not_before, @NotBefore) WHERE chat_id = @ChatId AND status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { ChatId = chatId, NotBefore = notBefore.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task DropAsync(OutboxItem item, string reason, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'dropped', last_error = @Reason WHERE id = @Id";
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { item.Id, Reason = reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<int> DropChatAsync(long chatId, string reason, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'dropped', last_error = @Reason WHERE chat_id = @ChatId AND status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { ChatId = chatId, Reason = reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT MIN(not_before) FROM telegram_outbox WHERE status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
    }

    public async Task<long> DepthAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT COUNT(*) FROM telegram_outbox WHERE status IN ('pending', 'sending')";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT status AS Status, COUNT(*) AS Count FROM telegram_outbox GROUP BY status";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }
}
