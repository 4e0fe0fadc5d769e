namespace Atra.Modules.Users.LegacyImport;

/// <summary>A record of the legacy file that was not imported, with the reason.</summary>
internal sealed record RejectedLegacyUser(string Key, string Reason);

/// <summary>What an import did: nothing is silently dropped, every record is in one of the three lists.</summary>
internal sealed record LegacyImportReport(
    string File,
    int Imported,
    IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<RejectedLegacyUser> Rejected,
    string? BackupPath,
    string? MigratedPath,
    string? RejectedPath);
