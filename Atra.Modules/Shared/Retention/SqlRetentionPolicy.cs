using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Shared.Retention;

/// <summary>
/// A policy that is one batched DELETE: <see cref="DeleteSql"/> takes <c>@Cutoff</c> (Unix milliseconds, as the tables
/// store time) and <c>@Batch</c>, and deletes by key through a limited subquery (portable: SQLite and Postgres alike).
/// </summary>
public abstract class SqlRetentionPolicy(IDbConnectionFactory connections) : IRetentionPolicy
{
    public abstract string Name { get; }

    public abstract TimeSpan DefaultKeep { get; }

    protected abstract string DeleteSql { get; }

    public async Task<int> PruneAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { Cutoff = cutoff.ToUnixTimeMilliseconds(), Batch = batchSize }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
