using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Marks a user inactive (blocked the bot, removed by an admin): no more signals, no new tokens. False when the
/// user does not exist. Publishes <see cref="UserDeactivated"/>.
/// </summary>
public sealed record DeactivateUser(long UserId, string Reason) : IRequest<bool>;
