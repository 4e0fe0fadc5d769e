using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Retention;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Prunes finished outbox rows (sent or dropped) of the SQLite outbox. Their <c>dedup_key</c> is what keeps the same
/// message from being queued twice, so they are kept as long as the Redis outbox remembers a key
/// (<c>Telegram:OutboxKeyRetention</c>, 30 days); pending and sending rows are never touched.
/// </summary>
internal sealed class OutboxRetention(IDbConnectionFactory connections) : SqlRetentionPolicy(connections)
{
    private const string Sql = """
        DELETE FROM telegram_outbox WHERE id IN (
            SELECT id FROM telegram_outbox WHERE status IN ('sent', 'dropped') AND created_at < @Cutoff LIMIT @Batch)
        """;

    public override string Name => "telegram_outbox";

    public override TimeSpan DefaultKeep => TimeSpan.FromDays(30);

    protected override string DeleteSql => Sql;
}
