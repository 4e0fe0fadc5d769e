namespace Atra.Modules.Users.Contracts;

/// <summary>Why a user was made inactive; stored with the user (<c>users.deactivated_reason</c>).</summary>
public enum DeactivationCause
{
    /// <summary>Telegram answered 403: the user blocked the bot. Their own <c>/start</c> undoes it.</summary>
    BlockedBot,

    /// <summary>An admin deactivated the user. Only an admin can undo it.</summary>
    Admin,
}
