using System.Collections.Concurrent;
using Atra.Modules.Shared.Coordination;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

/// <summary>
/// Access tokens revoked before their expiry, checked on every authenticated request. Every entry is written to
/// SQLite (so a restart does not revive a revoked token); the per-request check reads Redis when configured
/// (shared by all instances; at first use the live SQLite entries are copied there, in case Redis lost them)
/// and otherwise an in-memory copy loaded from SQLite at first use.
/// </summary>
internal sealed class AccessTokenDenyList : IDisposable
{
    private const string CachePrefix = "revoked-jti:";

    private readonly IDbConnectionFactory _connections;
    private readonly ICache _cache;
    private readonly TimeProvider _clock;
    private readonly bool _shared;
    private readonly ConcurrentDictionary<string, long> _memory = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    public AccessTokenDenyList(IDbConnectionFactory connections, ICache cache, IOptions<RedisOptions> redis, TimeProvider clock)
    {
        _connections = connections;
        _cache = cache;
        _clock = clock;
        _shared = redis.Value.Enabled;
    }

    private const string InsertSql = "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (@Jti, @ExpiresAt) ON CONFLICT DO NOTHING";
    private const string PurgeSql = "DELETE FROM revoked_access_tokens WHERE expires_at <= @Now";

    public async Task DenyAsync(string jti, long expiresAtMs, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (expiresAtMs <= now)
        {
            return;
        }
        await using (var connection = await _connections.OpenAsync(ct).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new { Jti = jti, ExpiresAt = expiresAtMs }, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(PurgeSql, new { Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        }
        if (_shared)
        {
            await _cache.SetAsync(CachePrefix + jti, "1", TimeSpan.FromMilliseconds(expiresAtMs - now), ct).ConfigureAwait(false);
        }
        else
        {
            _memory[jti] = expiresAtMs;
        }
    }

    public async ValueTask<bool> IsDeniedAsync(string jti, CancellationToken ct)
    {
        if (!_loaded)
        {
            await LoadAsync(ct).ConfigureAwait(false);
        }
        if (_shared)
        {
            return await _cache.GetAsync(CachePrefix + jti, ct).ConfigureAwait(false) is not null;
        }
        return _memory.TryGetValue(jti, out var expires) && expires > _clock.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public void Dispose() => _loadGate.Dispose();

    private const string LoadSql = "SELECT jti AS Jti, expires_at AS ExpiresAt FROM revoked_access_tokens WHERE expires_at > @Now";

    private async Task LoadAsync(CancellationToken ct)
    {
        await _loadGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }
            await using var connection = await _connections.OpenAsync(ct).ConfigureAwait(false);
            var rows = await connection.QueryAsync<RefreshTokenStore.RevokedAccess>(new CommandDefinition(LoadSql, new { Now = _clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var row in rows)
            {
                if (_shared)
                {
                    await _cache.SetAsync(CachePrefix + row.Jti, "1", TimeSpan.FromMilliseconds(Math.Max(1, row.ExpiresAt - now)), ct).ConfigureAwait(false);
                }
                else
                {
                    _memory.TryAdd(row.Jti, row.ExpiresAt);
                }
            }
            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }
}
