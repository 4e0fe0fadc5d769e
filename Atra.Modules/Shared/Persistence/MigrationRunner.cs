using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence;

/// <summary>The outcome of a migration run.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, string? BackupPath);

/// <summary>Applies pending migration scripts, taking an online backup first when an existing database changes.</summary>
public sealed class MigrationRunner
{
    private const string JournalTable = "schema_versions";
    private readonly IDbConnectionFactory _connections;
    private readonly StorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<MigrationRunner> _logger;

    public MigrationRunner(IDbConnectionFactory connections, IOptions<StorageOptions> options, TimeProvider clock, ILogger<MigrationRunner> logger)
    {
        _connections = connections;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public MigrationReport Run() => _connections.Dialect.Provider == StorageProvider.Postgres ? RunOnPostgres() : RunOnSqlite();

    private MigrationReport RunOnSqlite()
    {
        var existed = HasTables("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        var engine = DeployChanges.To
            .SqliteDatabase(_connections.ConnectionString)
            .WithScripts(MigrationScripts.Load(typeof(MigrationRunner).Assembly, StorageProvider.Sqlite))
            .JournalToSqliteTable(JournalTable)
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(_logger))
            .Build();

        var pending = engine.GetScriptsToExecute();
        if (pending.Count == 0)
        {
            EnableWal();
            return new MigrationReport([], null);
        }

        string? backup = null;
        if (existed)
        {
            backup = DatabaseBackup.Create(_connections.ConnectionString, _options.BackupFolder, _options.KeepBackups, _clock.GetUtcNow());
            _logger.LogInformation("Backed up the database to {BackupPath} before applying {Count} migrations", backup, pending.Count);
        }

        var report = Upgrade(engine, backup);
        EnableWal();
        return report;
    }

    // Several instances may start at once against one server: a session advisory lock makes them migrate one after
    // the other (the later ones then find nothing pending). The server drops the lock if this process dies.
    private MigrationReport RunOnPostgres()
    {
        using var gate = _connections.Open();
        Execute(gate, $"SELECT pg_advisory_lock({MigrationLockKey})");
        try
        {
            var engine = DeployChanges.To
                .PostgresqlDatabase(_connections.ConnectionString)
                .WithScripts(MigrationScripts.Load(typeof(MigrationRunner).Assembly, StorageProvider.Postgres))
                .JournalToPostgresqlTable("public", JournalTable)
                .WithTransactionPerScript()
                .LogTo(new DbUpLog(_logger))
                .Build();
            var pending = engine.GetScriptsToExecute();
            if (pending.Count == 0)
            {
                return new MigrationReport([], null);
            }
            // No file copy to take here: a PostgreSQL server is backed up by its operator (pg_dump, base backups).
            if (HasTables("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"))
            {
                _logger.LogWarning("Applying {Count} migrations to an existing PostgreSQL database; Atra takes no copy of a server first", pending.Count);
            }
            return Upgrade(engine, null);
        }
        finally
        {
            Execute(gate, $"SELECT pg_advisory_unlock({MigrationLockKey})");
        }
    }

    // An arbitrary constant of Atra's (ASCII "ATRAMIGR"), distinct from any other advisory lock key it takes.
    private const long MigrationLockKey = 0x415452414D494752;

    private static MigrationReport Upgrade(UpgradeEngine engine, string? backup)
    {
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name ?? "?"} failed: {result.Error?.Message}" +
                (backup is null ? string.Empty : $" The database as it was before is in {backup}."),
                result.Error);
        }
        return new MigrationReport(result.Scripts.Select(s => s.Name).ToList(), backup);
    }

    private bool HasTables(string countSql)
    {
        using var connection = _connections.Open();
        using var command = connection.CreateCommand();
        command.CommandText = countSql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // WAL lets readers (API, status page) run while a writer (scan worker) commits; the mode is stored in the file.
    private void EnableWal()
    {
        using var connection = _connections.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{DbUp}", Format(format, args));
        public void LogDebug(string format, params object[] args) => logger.LogDebug("{DbUp}", Format(format, args));
        public void LogInformation(string format, params object[] args) => logger.LogInformation("{DbUp}", Format(format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("{DbUp}", Format(format, args));
        public void LogError(string format, params object[] args) => logger.LogError("{DbUp}", Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{DbUp}", Format(format, args));

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
