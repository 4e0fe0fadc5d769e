using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Auth;

/// <summary>What presenting a refresh token led to.</summary>
internal enum RefreshOutcome
{
    Rotated,
    Invalid,

    /// <summary>The token had been rotated already: someone replays it, so its whole family was revoked.</summary>
    Reused,
}

/// <summary>The <c>refresh_tokens</c> table: families of single-use tokens, stored as hashes.</summary>
internal sealed class RefreshTokenStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO refresh_tokens (token_hash, family_id, user_id, access_jti, access_expires_at, created_at, expires_at)
        VALUES (@Hash, @Family, @UserId, @Jti, @AccessExpires, @Now, @Expires)
        """;

    public async Task AddAsync(string token, string family, long userId, IssuedAccessToken access, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Hash = TokenIssuer.HashRefreshToken(token),
            Family = family,
            UserId = userId,
            Jti = access.Jti,
            AccessExpires = access.ExpiresAt.ToUnixTimeMilliseconds(),
            Now = now.ToUnixTimeMilliseconds(),
            Expires = (now + lifetime).ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string FindSql = """
        SELECT id AS Id, family_id AS FamilyId, user_id AS UserId, expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
        FROM refresh_tokens WHERE token_hash = @Hash
        """;

    // The guard on used_at makes two concurrent refreshes with one token race for a single winner.
    private const string MarkUsedSql = "UPDATE refresh_tokens SET used_at = @Now WHERE id = @Id AND used_at IS NULL AND revoked_at IS NULL";

    /// <summary>Consumes <paramref name="token"/>; on <see cref="RefreshOutcome.Rotated"/> the caller issues its successor in the family.</summary>
    public async Task<(RefreshOutcome Outcome, TokenRow? Row, IReadOnlyList<RevokedAccess> Revoked)> ConsumeAsync(string token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(FindSql, new { Hash = TokenIssuer.HashRefreshToken(token) }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            return (RefreshOutcome.Invalid, null, []);
        }
        if (row.UsedAt is not null)
        {
            return (RefreshOutcome.Reused, row, await RevokeFamilyAsync(row.FamilyId, "reuse", ct).ConfigureAwait(false));
        }
        if (row.RevokedAt is not null || row.ExpiresAt <= now)
        {
            return (RefreshOutcome.Invalid, row, []);
        }
        var won = await connection.ExecuteAsync(new CommandDefinition(MarkUsedSql, new { row.Id, Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        if (won != 1)
        {
            return (RefreshOutcome.Reused, row, await RevokeFamilyAsync(row.FamilyId, "reuse", ct).ConfigureAwait(false));
        }
        return (RefreshOutcome.Rotated, row, []);
    }

    private const string FamilyOfSql = "SELECT family_id FROM refresh_tokens WHERE token_hash = @Hash AND user_id = @UserId";

    /// <summary>The family of <paramref name="token"/> if it belongs to <paramref name="userId"/>.</summary>
    public async Task<string?> FamilyOfAsync(string token, long userId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(FamilyOfSql, new { Hash = TokenIssuer.HashRefreshToken(token), UserId = userId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string FamilyOfAccessSql = "SELECT family_id FROM refresh_tokens WHERE access_jti = @Jti AND user_id = @UserId";

    /// <summary>The family in which the access token <paramref name="jti"/> was issued to <paramref name="userId"/>.</summary>
    public async Task<string?> FamilyOfAccessAsync(string jti, long userId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(FamilyOfAccessSql, new { Jti = jti, UserId = userId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string LiveAccessOfFamilySql = """
        SELECT access_jti AS Jti, access_expires_at AS ExpiresAt FROM refresh_tokens
        WHERE family_id = @Family AND access_expires_at > @Now
        """;
    private const string RevokeFamilySql = """
        UPDATE refresh_tokens SET revoked_at = @Now, revoked_reason = @Reason WHERE family_id = @Family AND revoked_at IS NULL
        """;

    /// <summary>Revokes every token of the family; returns the access tokens issued in it that are still alive.</summary>
    public async Task<IReadOnlyList<RevokedAccess>> RevokeFamilyAsync(string family, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(RevokeFamilySql, new { Family = family, Reason = reason, Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        var live = await connection.QueryAsync<RevokedAccess>(new CommandDefinition(LiveAccessOfFamilySql, new { Family = family, Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        return live.AsList();
    }

    private const string LiveAccessOfUserSql = """
        SELECT access_jti AS Jti, access_expires_at AS ExpiresAt FROM refresh_tokens
        WHERE user_id = @UserId AND access_expires_at > @Now
        """;
    private const string RevokeUserSql = """
        UPDATE refresh_tokens SET revoked_at = @Now, revoked_reason = @Reason WHERE user_id = @UserId AND revoked_at IS NULL
        """;

    /// <summary>The user's access tokens that have not expired (every access token is issued with a refresh token row).</summary>
    public async Task<IReadOnlyList<RevokedAccess>> LiveAccessOfUserAsync(long userId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var live = await connection.QueryAsync<RevokedAccess>(new CommandDefinition(LiveAccessOfUserSql, new { UserId = userId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        return live.AsList();
    }

    /// <summary>Revokes every session of a user (deactivation); returns their live access tokens.</summary>
    public async Task<IReadOnlyList<RevokedAccess>> RevokeUserAsync(long userId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(RevokeUserSql, new { UserId = userId, Reason = reason, Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        var live = await connection.QueryAsync<RevokedAccess>(new CommandDefinition(LiveAccessOfUserSql, new { UserId = userId, Now = now }, cancellationToken: ct)).ConfigureAwait(false);
        return live.AsList();
    }

    internal sealed class TokenRow
    {
        public long Id { get; set; }
        public string FamilyId { get; set; } = "";
        public long UserId { get; set; }
        public long ExpiresAt { get; set; }
        public long? UsedAt { get; set; }
        public long? RevokedAt { get; set; }
    }

    internal sealed class RevokedAccess
    {
        public string Jti { get; set; } = "";
        public long ExpiresAt { get; set; }
    }
}
