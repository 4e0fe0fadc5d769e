using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>The user with this Telegram id, or null.</summary>
public sealed record GetUserByTelegramId(long TelegramId) : IRequest<UserDto?>;
