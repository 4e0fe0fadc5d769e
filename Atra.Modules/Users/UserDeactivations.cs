using Atra.Modules.Users.Contracts;

namespace Atra.Modules.Users;

/// <summary>How a <see cref="DeactivationCause"/> is stored in <c>users.deactivated_reason</c>.</summary>
internal static class UserDeactivations
{
    public const string BlockedBot = "blocked_bot";
    public const string Admin = "admin";

    public static string Format(DeactivationCause cause) => cause switch
    {
        DeactivationCause.BlockedBot => BlockedBot,
        DeactivationCause.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "not a deactivation cause"),
    };

    /// <summary>Null for a user deactivated before causes were recorded.</summary>
    public static DeactivationCause? Parse(string? stored) => stored switch
    {
        BlockedBot => DeactivationCause.BlockedBot,
        Admin => DeactivationCause.Admin,
        _ => null,
    };
}
