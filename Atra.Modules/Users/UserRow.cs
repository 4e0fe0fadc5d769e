using System.Globalization;
using Atra.Modules.Users.Contracts;

namespace Atra.Modules.Users;

/// <summary>A <c>users</c> row as SQLite returns it (integers for flags, TEXT decimals).</summary>
internal sealed class UserRow
{
    public long Id { get; set; }
    public long? TelegramId { get; set; }
    public string? Username { get; set; }
    public string? PasswordHash { get; set; }
    public string Language { get; set; } = "en";
    public string RiskTolerance { get; set; } = "medium";
    public string FilterMode { get; set; } = "soft";
    public string TradeMode { get; set; } = "futures";
    public long Leverage { get; set; }
    public string Deposit { get; set; } = "1000";
    public long IsActive { get; set; }
    public long IsAdmin { get; set; }
    public long CreatedAt { get; set; }
    public string? DeactivatedReason { get; set; }
    public long? DeactivatedAt { get; set; }

    public UserSettingsDto Settings => new(
        Language, RiskTolerance, FilterMode, TradeMode, (int)Leverage,
        decimal.Parse(Deposit, NumberStyles.Number, CultureInfo.InvariantCulture));

    public UserDto ToDto() => new(
        Id, TelegramId, Username, PasswordHash is not null, Settings, IsActive == 1, IsAdmin == 1,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt))
    {
        DeactivationCause = IsActive == 1 ? null : UserDeactivations.Parse(DeactivatedReason),
        DeactivatedAt = IsActive == 1 || DeactivatedAt is not { } at ? null : DateTimeOffset.FromUnixTimeMilliseconds(at),
    };
}
