using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// Backups of the SQLite file through SQLite's online backup API: a consistent copy while other connections write
/// (WAL readers never block the writer). Backup files are single self-contained files (rollback journal mode), so a
/// copy of one is a copy of everything; a restored database goes back to WAL, as the service runs it.
/// </summary>
internal sealed partial class SqliteDatabaseBackups(
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<SqliteDatabaseBackups> logger) : IDatabaseBackups
{
    private const string JournalTable = "schema_versions";

    public string Engine => "sqlite";

    private string Database => Path.GetFullPath(storage.Value.Sqlite);

    public Task<BackupResult> BackupAsync(CancellationToken cancellationToken)
    {
        var options = storage.Value;
        if (!File.Exists(Database))
        {
            throw new BackupRefusedException($"there is no database at {Database} to back up (Storage:Sqlite)");
        }
        var started = Stopwatch.GetTimestamp();
        var takenAt = clock.GetUtcNow();
        // Pruning runs after the copy, so a failed copy never costs an older good backup.
        var path = DatabaseBackup.Create(ConnectionString(Database, SqliteOpenMode.ReadWrite), options.BackupFolder, int.MaxValue, takenAt);
        SelfContained(path);
        var pruned = DatabaseBackup.Prune(options.BackupFolder, options.KeepBackups);
        var result = new BackupResult(path, new FileInfo(path).Length, takenAt, Stopwatch.GetElapsedTime(started), pruned);
        LogBackedUp(logger, path, result.Bytes, result.Duration.TotalMilliseconds, pruned.Count);
        return Task.FromResult(result);
    }

    public Task<BackupCheck> VerifyAsync(string file, CancellationToken cancellationToken) => Task.FromResult(Verify(file));

    public Task<RestoreResult> RestoreAsync(string file, CancellationToken cancellationToken)
    {
        var check = Verify(file);
        if (!check.Usable)
        {
            throw new BackupRefusedException($"{file} cannot be restored: {check.Problem}");
        }
        var target = Database;
        if (string.Equals(Path.GetFullPath(file), target, StringComparison.Ordinal))
        {
            throw new BackupRefusedException($"{file} is the database itself (Storage:Sqlite); name a backup file");
        }
        using var held = DatabaseInstanceLock.TryAcquireExclusive(target)
            ?? throw new BackupRefusedException(
                $"a running atra service holds {target} ({DatabaseInstanceLock.LockPathOf(target)} is locked); stop it first " +
                "(docker compose stop atra), then restore");
        // Connections a pool may still keep to the file would see the old pages.
        SqliteConnection.ClearAllPools();

        string? saved = null;
        if (File.Exists(target) && new FileInfo(target).Length > 0)
        {
            // Outside the rotated backups (another name), so retention never removes it and it never pushes one out.
            var folder = storage.Value.BackupFolder;
            Directory.CreateDirectory(folder);
            saved = Path.Combine(folder, $"before-restore-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}.db");
            Copy(ConnectionString(target, SqliteOpenMode.ReadWrite), saved);
            SelfContained(saved);
        }

        Copy(ConnectionString(file, SqliteOpenMode.ReadOnly), target);
        using (var restored = new SqliteConnection(ConnectionString(target, SqliteOpenMode.ReadWrite)))
        {
            restored.Open();
            var integrity = Scalar(restored, "PRAGMA integrity_check");
            if (integrity != "ok")
            {
                throw new BackupRefusedException($"the restored database failed its integrity check ({integrity}); the previous one is in {saved}");
            }
            Scalar(restored, "PRAGMA journal_mode = WAL");
        }
        LogRestored(logger, file, target, saved ?? "none: there was no database");
        return Task.FromResult(new RestoreResult(check, target, saved));
    }

    private static BackupCheck Verify(string file)
    {
        var known = MigrationScripts.Load(typeof(MigrationRunner).Assembly).Select(s => s.Name).ToList();
        BackupCheck Problem(string problem, int applied = 0) => new(file, applied, known.Count, [], problem);
        if (!File.Exists(file))
        {
            return Problem("no such file");
        }
        try
        {
            using var connection = new SqliteConnection(ConnectionString(file, SqliteOpenMode.ReadOnly));
            connection.Open();
            var integrity = Scalar(connection, "PRAGMA integrity_check");
            if (integrity != "ok")
            {
                return Problem($"the integrity check failed: {integrity}");
            }
            if (Scalar(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{JournalTable}'") == "0")
            {
                return Problem($"it holds no Atra schema (no {JournalTable} table)");
            }
            var applied = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT ScriptName FROM {JournalTable}";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    applied.Add(reader.GetString(0));
                }
            }
            var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                return Problem(
                    $"it was written by a newer Atra: its migrations {string.Join(", ", unknown.Take(5))} are unknown to this version; restore it with the version that made it",
                    applied.Count);
            }
            var pending = known.Except(applied, StringComparer.Ordinal).ToList();
            return new BackupCheck(file, applied.Count, known.Count, pending, null);
        }
        catch (SqliteException ex)
        {
            // SQLITE_NOTADB (26), SQLITE_CORRUPT (11), SQLITE_CANTOPEN (14) …
            return Problem($"it is not a readable SQLite database ({CliLine(ex.Message)})");
        }
    }

    /// <summary>A page-by-page online copy of one database into a file (created or overwritten).</summary>
    private static void Copy(string sourceConnectionString, string targetPath)
    {
        using var source = new SqliteConnection(sourceConnectionString);
        using var destination = new SqliteConnection(ConnectionString(targetPath, SqliteOpenMode.ReadWriteCreate));
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>
    /// The backup API copies the header too, WAL flag included: switched to a rollback journal, the backup is one file
    /// that a read-only open or a plain copy takes whole.
    /// </summary>
    private static void SelfContained(string path)
    {
        using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite));
        connection.Open();
        Scalar(connection, "PRAGMA journal_mode = DELETE");
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static string CliLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed up the database to {BackupPath} ({Bytes} bytes in {Milliseconds:0} ms; {Pruned} old backups pruned)")]
    private static partial void LogBackedUp(ILogger logger, string backupPath, long bytes, double milliseconds, int pruned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restored {BackupFile} into {Database}; the previous contents are in {Saved}")]
    private static partial void LogRestored(ILogger logger, string backupFile, string database, string saved);
}
