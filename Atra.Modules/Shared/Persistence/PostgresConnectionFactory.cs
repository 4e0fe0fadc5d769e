using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// Connections to PostgreSQL (<c>Storage:Postgres</c>) from one Npgsql data source, which pools them.
/// <c>Storage:BusyTimeout</c> becomes the session's <c>lock_timeout</c> unless the connection string sets its own
/// options, so a row lock held elsewhere fails like SQLite's busy timeout instead of waiting forever.
/// </summary>
internal sealed class PostgresConnectionFactory : IDbConnectionFactory, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresConnectionFactory(IOptions<StorageOptions> options)
        : this(options.Value)
    {
    }

    public PostgresConnectionFactory(StorageOptions options)
    {
        ConnectionString = BuildConnectionString(options);
        _source = NpgsqlDataSource.Create(ConnectionString);
    }

    public string ConnectionString { get; }

    public SqlDialect Dialect => SqlDialect.Postgres;

    public static string BuildConnectionString(StorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Postgres);
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c lock_timeout=" + ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }
        return builder.ConnectionString;
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public DbConnection Open() => _source.OpenConnection();

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
