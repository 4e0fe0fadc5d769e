namespace Atra.Modules.Users;

/// <summary>The allowed values of a user's settings, shared by the legacy import, the API and the bot.</summary>
internal static class UserSettingValues
{
    public static readonly string[] Languages = ["en", "ru"];
    public static readonly string[] RiskTolerances = ["low", "medium", "high"];
    public static readonly string[] FilterModes = ["soft", "strict"];
    public static readonly string[] TradeModes = ["spot", "futures"];

    public const int MinLeverage = 1;
    public const int MaxLeverage = 125;

    /// <summary>A deposit above this is surely a typo (or an overflow attempt), not a subscriber's account.</summary>
    public const decimal MaxDeposit = 1_000_000_000m;
}
