using System.Data.Common;

namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// Opens a pooled connection per operation to the configured engine (<c>Storage:Provider</c>): SQLite with Atra's
/// pragmas applied, or PostgreSQL through one Npgsql data source.
/// </summary>
public interface IDbConnectionFactory
{
    /// <summary>The connection string, for tools that need it (migrations, backups).</summary>
    string ConnectionString { get; }

    /// <summary>What differs between the engines, for the few statements that must.</summary>
    SqlDialect Dialect { get; }

    ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    DbConnection Open();
}
