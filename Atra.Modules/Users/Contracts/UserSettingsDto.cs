namespace Atra.Modules.Users.Contracts;

/// <summary>The settings that shape a user's signals and position sizes (values: see <c>UserSettingsRules</c>).</summary>
public sealed record UserSettingsDto(
    string Language,
    string RiskTolerance,
    string FilterMode,
    string TradeMode,
    int Leverage,
    decimal Deposit);
