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
    DateTimeOffset CreatedAt)
{
    /// <summary>Why the user is inactive (null while active, and for users deactivated before causes were recorded).</summary>
    public DeactivationCause? DeactivationCause { get; init; }

    /// <summary>When the user was deactivated; null while active.</summary>
    public DateTimeOffset? DeactivatedAt { get; init; }

    /// <summary>
    /// Whether the user's own <c>/start</c> makes them active again: only after blocking the bot (Telegram's 403). A
    /// deactivation by an admin, or one whose cause was never recorded, stays until an admin undoes it.
    /// </summary>
    public bool ReactivatesOnStart => !IsActive && DeactivationCause == Contracts.DeactivationCause.BlockedBot;
}
