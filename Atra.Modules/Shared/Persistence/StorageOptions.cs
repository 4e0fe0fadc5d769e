using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Shared.Persistence;

/// <summary>Where Atra keeps its data. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// The engine: <see cref="StorageProvider.Sqlite"/> (the default: one file, one instance) or
    /// <see cref="StorageProvider.Postgres"/> (a server several instances share; <see cref="Postgres"/> says where).
    /// </summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// With <c>Provider = Postgres</c>: an Npgsql connection string, e.g.
    /// <c>Host=db;Port=5432;Database=atra;Username=atra;Password=...</c>. It holds a secret: never logged.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Path of the SQLite file (with <c>Provider = Sqlite</c>); relative paths are resolved against the working directory.</summary>
    [Required(ErrorMessage = "Storage:Sqlite: must name the database file.")]
    public string Sqlite { get; set; } = "data/atra.db";

    /// <summary>Folder for the online backups taken before a migration changes an existing database.</summary>
    [Required(ErrorMessage = "Storage:BackupFolder: must name a folder.")]
    public string BackupFolder { get; set; } = "data/backups";

    /// <summary>How many backups to keep; older ones are pruned after each new backup.</summary>
    [Range(1, 1000, ErrorMessage = "Storage:KeepBackups: must be between 1 and 1000.")]
    public int KeepBackups { get; set; } = 10;

    /// <summary>
    /// How long a connection waits for a lock held by another writer before giving up (SQLite's busy timeout;
    /// PostgreSQL's <c>lock_timeout</c> unless the connection string sets <c>Options</c>).
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// SQLite's <c>synchronous</c> in WAL mode. <see cref="SqliteSynchronous.Normal"/> (SQLite's advice for WAL) cannot
    /// corrupt the file and keeps every commit across a crash of the process; only power loss or an OS crash can undo
    /// the last commits, which the lifecycle (resumed from candles) and the Positions reconciliation catch up.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The previous version's users file; imported at start when it exists, then renamed <c>*.migrated</c>.</summary>
    public string? LegacyUsersFile { get; set; }
}
