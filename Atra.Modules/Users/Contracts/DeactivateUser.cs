using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Marks a user inactive and records why (<paramref name="Cause"/>, with <paramref name="Detail"/> such as Telegram's
/// answer): no more signals, no new tokens. False when the user does not exist. Publishes <see cref="UserDeactivated"/>.
/// </summary>
public sealed record DeactivateUser(long UserId, DeactivationCause Cause, string Detail) : IRequest<bool>;
