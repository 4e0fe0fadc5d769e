using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Retention;

namespace Atra.Modules.Auth;

/// <summary>
/// Prunes refresh tokens expired or revoked longer ago than the cutoff. Both are refused anyway; an unknown token is
/// refused the same way, so removing them changes no answer. Live tokens, used or not, are kept: presenting a used
/// one again is how theft of a family is detected.
/// </summary>
internal sealed class RefreshTokenRetention(IDbConnectionFactory connections) : SqlRetentionPolicy(connections)
{
    private const string Sql = """
        DELETE FROM refresh_tokens WHERE id IN (
            SELECT id FROM refresh_tokens WHERE expires_at < @Cutoff OR revoked_at < @Cutoff LIMIT @Batch)
        """;

    public override string Name => "refresh_tokens";

    public override TimeSpan DefaultKeep => TimeSpan.FromDays(30);

    protected override string DeleteSql => Sql;
}
