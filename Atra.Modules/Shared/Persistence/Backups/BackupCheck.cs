namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// What a backup file holds: whether it is whole (<see cref="Problem"/> null) and how its schema compares with this
/// build's migrations. <see cref="PendingMigrations"/> are applied at the next start, as after an upgrade.
/// </summary>
public sealed record BackupCheck(string File, int AppliedMigrations, int KnownMigrations, IReadOnlyList<string> PendingMigrations, string? Problem)
{
    public bool Usable => Problem is null;
}
