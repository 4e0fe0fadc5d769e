namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>A restore done: what was restored, into what, and where the replaced contents were saved (null: there were none).</summary>
public sealed record RestoreResult(BackupCheck Restored, string Target, string? PreviousSavedTo);
