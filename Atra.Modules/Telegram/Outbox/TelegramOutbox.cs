using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// The durable outbox (<c>telegram_outbox</c>). A message is stored before any send is tried; the sender claims a
/// row (<c>pending → sending</c>) and records the outcome on the same row, so the queue and its delivery marks live
/// in one place and a restart resumes exactly where the last run stopped.
/// </summary>
internal sealed class TelegramOutbox(IDbConnectionFactory connections, TimeProvider clock, OutboxWakeup wakeup)
{
    /// <summary>Enqueues messages; a key already present (pending or delivered) is skipped. Returns how many were new.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var added = await EnqueueAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (added > 0)
        {
            wakeup.Notify();
        }
        return added;
    }

    /// <summary>Enqueues inside a caller's transaction (the fan-out writes its delivery rows in the same one). The caller commits and then calls <see cref="Notify"/>.</summary>
    public async Task<int> EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        const string sql = """
            INSERT INTO telegram_outbox (dedup_key, chat_id, method, edit_message_id, text, reply_markup, status, attempts, not_before, created_at)
            VALUES (@DedupKey, @ChatId, @Method, @EditMessageId, @Text, @ReplyMarkup, 'pending', 0, @Now, @Now)
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
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return added;
    }

    public void Notify() => wakeup.Notify();

    /// <summary>
    /// At start: rows left in <c>sending</c> by a crash have an unknown outcome. They are sent again (at-least-once):
    /// a rare duplicate of at most the few messages that were on the wire beats a silently lost signal.
    /// </summary>
    public async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'pending' WHERE status = 'sending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The oldest due message of each chat (so a chat's messages go out in order), oldest first.</summary>
    public async Task<IReadOnlyList<OutboxItem>> DueAsync(int max, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id AS Id, dedup_key AS DedupKey, chat_id AS ChatId, method AS Method, edit_message_id AS EditMessageId,
                   text AS Text, reply_markup AS ReplyMarkup, attempts AS Attempts
            FROM telegram_outbox
            WHERE id IN (SELECT MIN(id) FROM telegram_outbox WHERE status IN ('pending', 'sending') GROUP BY chat_id)
              AND status = 'pending' AND not_before <= @Now
            ORDER BY id
            LIMIT @Max
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxItem>(new CommandDefinition(sql, new { Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), Max = max }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>The earliest time a pending message becomes due, or null when nothing is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT MIN(not_before) FROM telegram_outbox WHERE status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ms = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
    }

    /// <summary>Claims a row for sending; false when another sender (or a drop) got there first.</summary>
    public async Task<bool> TryClaimAsync(long id, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = @Id AND status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task MarkSentAsync(long id, long? telegramMessageId, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'sent', sent_at = @Now, telegram_message_id = @MessageId, last_error = NULL WHERE id = @Id";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), MessageId = telegramMessageId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Puts a claimed row back to wait until <paramref name="notBefore"/>; a rate-limit answer does not count as an attempt.</summary>
    public async Task RescheduleAsync(long id, DateTimeOffset notBefore, string error, bool countAttempt, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE telegram_outbox
            SET status = 'pending', not_before = @NotBefore, last_error = @Error, attempts = attempts - @Refund
            WHERE id = @Id
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id, NotBefore = notBefore.ToUnixTimeMilliseconds(), Error = error, Refund = countAttempt ? 0 : 1 }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Holds every pending message of a chat until <paramref name="notBefore"/> (Telegram asked us to wait).</summary>
    public async Task PostponeChatAsync(long chatId, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET not_before = MAX(not_before, @NotBefore) WHERE chat_id = @ChatId AND status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { ChatId = chatId, NotBefore = notBefore.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task DropAsync(long id, string reason, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'dropped', last_error = @Reason WHERE id = @Id";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Reason = reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Drops every pending message of a chat (the user blocked the bot); returns how many.</summary>
    public async Task<int> DropChatAsync(long chatId, string reason, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE telegram_outbox SET status = 'dropped', last_error = @Reason WHERE chat_id = @ChatId AND status = 'pending'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { ChatId = chatId, Reason = reason }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Messages not yet delivered or dropped (the <c>atra_telegram_outbox_depth</c> gauge).</summary>
    public async Task<long> DepthAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT COUNT(*) FROM telegram_outbox WHERE status IN ('pending', 'sending')";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Row counts by status, for /admin and tests.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT status AS Status, COUNT(*) AS Count FROM telegram_outbox GROUP BY status";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }

}
