namespace Atra.Modules.Users.Contracts;

/// <summary>A user as other modules see it: identity, role and trading settings; never the password hash.</summary>
public sealed record UserDto(
    long Id,
    long? TelegramId,
    string? Username,
    bool HasLogin,
    UserSettingsDto Settings,
    bool IsActive,
    bool IsAdmin,
    DateTimeOffset CreatedAt);
