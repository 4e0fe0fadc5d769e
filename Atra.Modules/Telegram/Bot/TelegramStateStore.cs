using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Telegram.Bot;

/// <summary><c>telegram_state</c>: the getUpdates offset and which chats are expected to type a deposit, kept across restarts.</summary>
internal sealed class TelegramStateStore(IDbConnectionFactory connections, TimeProvider clock)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        const string sql = "SELECT value FROM telegram_state WHERE key = @Key";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, new { Key = key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO telegram_state (key, value, updated_at) VALUES (@Key, @Value, @Now)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Key = key, Value = value, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM telegram_state WHERE key = @Key";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Key = key }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
