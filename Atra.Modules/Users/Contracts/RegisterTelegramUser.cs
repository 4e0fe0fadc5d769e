using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Registers a Telegram subscriber (<c>/start</c> and a language), or returns the existing one: idempotent, so a
/// repeated <c>/start</c> is harmless. A known inactive user comes back active only when they had blocked the bot
/// (<see cref="UserDto.ReactivatesOnStart"/>); a user an admin deactivated is returned inactive, unchanged.
/// </summary>
public sealed record RegisterTelegramUser(long TelegramId, string? Username, string Language = "en") : IRequest<UserDto>;
