using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Registers a Telegram subscriber (<c>/start</c>), or returns the existing one unchanged: idempotent, so a
/// repeated <c>/start</c> is harmless. A known user who was inactive is reactivated.
/// </summary>
public sealed record RegisterTelegramUser(long TelegramId, string? Username, string Language = "en") : IRequest<UserDto>;
