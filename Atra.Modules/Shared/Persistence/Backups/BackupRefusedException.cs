namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>A restore (or backup) refused for a reason the operator can act on; the message says which.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
