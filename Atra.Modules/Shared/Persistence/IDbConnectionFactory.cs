using Microsoft.Data.Sqlite;

namespace Atra.Modules.Shared.Persistence;

/// <summary>Opens a pooled SQLite connection per operation, with Atra's pragmas applied.</summary>
public interface IDbConnectionFactory
{
    /// <summary>The connection string, for tools that need it (migrations, backups).</summary>
    string ConnectionString { get; }

    ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default);

    SqliteConnection Open();
}
