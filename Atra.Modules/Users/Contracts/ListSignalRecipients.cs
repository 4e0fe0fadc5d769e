using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// The active users with a Telegram id who should receive a signal, ordered by id. A signal that passed the
/// strict filters goes to every active user; one that passed only the soft filters goes to <c>soft</c> users.
/// </summary>
public sealed record ListSignalRecipients(bool SignalPassedStrict) : IRequest<IReadOnlyList<UserDto>>;
