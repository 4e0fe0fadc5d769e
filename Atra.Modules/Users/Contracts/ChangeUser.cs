using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// An admin's change of a user: activity, role and settings; null fields stay. Null when the user does not
/// exist. Deactivation publishes <see cref="UserDeactivated"/>.
/// </summary>
public sealed record ChangeUser(long UserId, bool? IsActive, bool? IsAdmin, UserSettingsChange? Settings) : IRequest<UserDto?>;
