namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// Backups of the store, whatever engine holds it: the SQLite file through SQLite's online backup API here; a
/// Postgres store registers its own implementation (pg_dump / pg_restore) in place of this one. The scheduled
/// worker and the <c>atra backup</c> / <c>atra restore</c> commands only see this interface.
/// </summary>
public interface IDatabaseBackups
{
    /// <summary>Engine name for messages and metrics: <c>sqlite</c>, <c>postgres</c>.</summary>
    string Engine { get; }

    /// <summary>Takes a consistent backup while the service runs and writes, into <c>Storage:BackupFolder</c>, then prunes old ones.</summary>
    Task<BackupResult> BackupAsync(CancellationToken cancellationToken);

    /// <summary>Checks a backup file without touching the store: integrity, and that this build knows its schema.</summary>
    Task<BackupCheck> VerifyAsync(string file, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the store's contents with a verified backup, after backing up what is there now. Refuses (with a
    /// <see cref="BackupRefusedException"/>) a backup that fails its check or a store a running service holds.
    /// </summary>
    Task<RestoreResult> RestoreAsync(string file, CancellationToken cancellationToken);
}
