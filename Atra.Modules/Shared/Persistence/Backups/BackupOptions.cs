namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// The backup schedule, read from the <c>Storage</c> section beside <see cref="StorageOptions"/> (which holds the
/// folder and how many to keep): its own class so the storage engine's settings and the schedule evolve apart.
/// </summary>
public sealed class BackupOptions
{
    public const string SectionName = StorageOptions.SectionName;

    /// <summary>
    /// When to take an online backup: a five-field cron expression in UTC (Cronos), e.g. <c>0 3 * * *</c> (every day
    /// at 03:00). Empty turns scheduled backups off (migrations still back up first).
    /// </summary>
    public string? BackupSchedule { get; set; } = "0 3 * * *";
}
