namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>A backup taken: where, how big, and which older backups retention removed.</summary>
public sealed record BackupResult(string Path, long Bytes, DateTimeOffset TakenAt, TimeSpan Duration, IReadOnlyList<string> Pruned);
