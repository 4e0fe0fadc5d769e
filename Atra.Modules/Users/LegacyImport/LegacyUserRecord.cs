namespace Atra.Modules.Users.LegacyImport;

/// <summary>One valid record of the legacy users file, normalised.</summary>
internal sealed record LegacyUserRecord(
    long TelegramId,
    string? Username,
    string Language,
    decimal Deposit,
    int Leverage,
    string RiskTolerance,
    string FilterMode,
    string TradeMode,
    bool IsAdmin,
    bool IsActive,
    IReadOnlyList<KeyValuePair<string, string>> Settings);
