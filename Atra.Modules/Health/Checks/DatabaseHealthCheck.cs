using System.Data.Common;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>database</c>: with PostgreSQL, the server answers and takes writes (see <see cref="CheckPostgresAsync"/>). With
/// SQLite, the file exists, passes <c>PRAGMA quick_check</c>, and a write lock can be taken
/// within <c>Health:DatabaseLockTimeout</c> (in WAL mode readers never block, so only a write probe notices a
/// connection that holds the database exclusively); plus its size and the age of its last write.
/// </summary>
internal sealed class DatabaseHealthCheck(
    IDbConnectionFactory connections,
    IOptions<StorageOptions> storage,
    IOptions<HealthOptions> options,
    TimeProvider clock) : IHealthCheckContributor
{
    public const string Component = "database";

    // quick_check reads every page: on a large file it is too slow for every 30-second run, so its verdict is
    // reused for this long. The lock probe and the figures run every time.
    private static readonly TimeSpan QuickCheckEvery = TimeSpan.FromMinutes(10);

    private const string QuickCheckSql = "PRAGMA quick_check;";
    private const string WriteProbeSql = "BEGIN IMMEDIATE; ROLLBACK;";
    private const string FiguresSql = "SELECT (SELECT page_count FROM pragma_page_count()) AS PageCount, (SELECT page_size FROM pragma_page_size()) AS PageSize, (SELECT journal_mode FROM pragma_journal_mode()) AS JournalMode;";

    private (DateTimeOffset At, string Verdict)? _quickCheck;

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (connections.Dialect.Provider == StorageProvider.Postgres)
        {
            return await CheckPostgresAsync(cancellationToken).ConfigureAwait(false);
        }
        var path = Path.GetFullPath(storage.Value.Sqlite);
        var data = new Dictionary<string, object?> { ["path"] = path };
        if (!File.Exists(path))
        {
            // Opening it would create an empty database: a health check must not do that.
            return [ComponentHealth.Of(Component, HealthStatus.Critical, "there is no database file yet: run 'atra migrate' or start the service", data, $"no file at {path}")];
        }

        var now = clock.GetUtcNow();
        var lastWrite = LastWrite(path);
        var walBytes = File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;
        data["last_write_at"] = lastWrite;
        data["last_write_age_s"] = Math.Round((now - lastWrite).TotalSeconds, 0);

        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var lockTimeout = options.Value.DatabaseLockTimeout;
            // Dapper can't parameterise a PRAGMA; the value is a number from validated settings.
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout = {(long)lockTimeout.TotalMilliseconds};", cancellationToken: cancellationToken)).ConfigureAwait(false);

            var figures = await connection.QuerySingleAsync<(long PageCount, long PageSize, string JournalMode)>(
                new CommandDefinition(FiguresSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var size = (figures.PageCount * figures.PageSize) + walBytes;
            data["size_bytes"] = size;
            data["wal_bytes"] = walBytes;
            data["journal_mode"] = figures.JournalMode;

            var verdict = await QuickCheckAsync(connection, now, cancellationToken).ConfigureAwait(false);
            data["quick_check"] = verdict;
            if (!string.Equals(verdict, "ok", StringComparison.Ordinal))
            {
                return [ComponentHealth.Of(Component, HealthStatus.Critical, "PRAGMA quick_check found damage", data, verdict)];
            }

            try
            {
                // Microsoft.Data.Sqlite retries a busy statement until the command timeout, so bound that too.
                await connection.ExecuteAsync(new CommandDefinition(WriteProbeSql, commandTimeout: (int)Math.Ceiling(lockTimeout.TotalSeconds), cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                data["sqlite_error"] = ex.SqliteErrorCode;
                return [ComponentHealth.Of(Component, HealthStatus.Critical,
                    $"the database is locked by another connection: no write lock within {lockTimeout.TotalSeconds:0.###} s", data, ex.Message.Trim())];
            }

            var sizeLimit = options.Value.DatabaseSizeWarningBytes;
            if (sizeLimit > 0 && size >= sizeLimit)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"the database has grown to {Mib(size)} MiB (warning from {Mib(sizeLimit)} MiB)", data)];
            }
            var writeLimit = options.Value.DatabaseLastWriteWarning;
            if (writeLimit > TimeSpan.Zero && now - lastWrite >= writeLimit)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"nothing was written for {(now - lastWrite).TotalMinutes:0} minutes", data)];
            }
            return [ComponentHealth.Of(Component, HealthStatus.Healthy, $"quick_check ok, writable, {Mib(size)} MiB", data)];
        }
        catch (SqliteException ex)
        {
            data["sqlite_error"] = ex.SqliteErrorCode;
            var reason = ex.SqliteErrorCode is 5 or 6 ? "the database is locked by another connection" : "the database cannot be used";
            return [ComponentHealth.Of(Component, HealthStatus.Critical, reason, data, ex.Message.Trim())];
        }
    }

    /// <summary>
    /// PostgreSQL: the server answers within the lock timeout, this session can write (not a read-only standby, not
    /// <c>default_transaction_read_only</c>), and the database's size. Integrity is the server's business.
    /// </summary>
    private async Task<IReadOnlyList<ComponentHealth>> CheckPostgresAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connections.ConnectionString);
        // Host, port and database only: the connection string's password never leaves it.
        var data = new Dictionary<string, object?> { ["provider"] = "postgres", ["server"] = $"{target.Host}:{target.Port}/{target.Database}" };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.DatabaseLockTimeout);
            await using var connection = await connections.OpenAsync(timeout.Token).ConfigureAwait(false);
            var figures = await connection.QuerySingleAsync<(long Size, bool InRecovery, string ReadOnly, string Version)>(new CommandDefinition(
                "SELECT pg_database_size(current_database()), pg_is_in_recovery(), current_setting('transaction_read_only'), current_setting('server_version')",
                cancellationToken: timeout.Token)).ConfigureAwait(false);
            data["size_bytes"] = figures.Size;
            data["server_version"] = figures.Version;
            if (figures.InRecovery || figures.ReadOnly == "on")
            {
                return [ComponentHealth.Of(Component, HealthStatus.Critical, "the PostgreSQL server takes no writes (a standby, or read-only)", data)];
            }
            var sizeLimit = options.Value.DatabaseSizeWarningBytes;
            if (sizeLimit > 0 && figures.Size >= sizeLimit)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"the database has grown to {Mib(figures.Size)} MiB (warning from {Mib(sizeLimit)} MiB)", data)];
            }
            return [ComponentHealth.Of(Component, HealthStatus.Healthy, $"PostgreSQL answers and takes writes, {Mib(figures.Size)} MiB", data)];
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Critical, "the PostgreSQL server cannot be used", data, ex.Message.Trim())];
        }
    }

    private async Task<string> QuickCheckAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_quickCheck is { } last && now - last.At < QuickCheckEvery && last.Verdict == "ok")
        {
            return last.Verdict;
        }
        var rows = (await connection.QueryAsync<string>(new CommandDefinition(QuickCheckSql, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var verdict = rows.Count == 1 ? rows[0] : string.Join("; ", rows.Take(5));
        _quickCheck = (now, verdict);
        return verdict;
    }

    /// <summary>In WAL mode writes land in the -wal file first; the newer of the two files is the last write.</summary>
    private static DateTimeOffset LastWrite(string path)
    {
        var db = File.GetLastWriteTimeUtc(path);
        var wal = File.Exists(path + "-wal") ? File.GetLastWriteTimeUtc(path + "-wal") : DateTime.MinValue;
        return new DateTimeOffset(db > wal ? db : wal, TimeSpan.Zero);
    }

    private static string Mib(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
