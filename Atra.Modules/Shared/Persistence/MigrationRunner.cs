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

    public MigrationReport Run()
    {
        var scripts = MigrationScripts.Load(typeof(MigrationRunner).Assembly);
        var existed = HasTables();
        var engine = DeployChanges.To
            .SqliteDatabase(_connections.ConnectionString)
            .WithScripts(scripts)
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

        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name ?? "?"} failed: {result.Error?.Message}" +
                (backup is null ? string.Empty : $" The database as it was before is in {backup}."),
                result.Error);
        }
        EnableWal();
        return new MigrationReport(result.Scripts.Select(s => s.Name).ToList(), backup);
    }

    private bool HasTables()
    {
        using var connection = _connections.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    // WAL lets readers (API, status page) run while a writer (scan worker) commits; the mode is stored in the file.
    private void EnableWal()
    {
        using var connection = _connections.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
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
