using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Applies a settings change; null when the user does not exist. An invalid value throws an
/// <c>AtraProblem</c> (400) whose errors name each field.
/// </summary>
public sealed record UpdateUserSettings(long UserId, UserSettingsChange Change) : IRequest<UserDto?>;
