using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// An admin's change of a user: activity, role and settings; null fields stay. Null when the user does not
/// exist. Naming <c>IsActive = false</c> publishes <see cref="UserDeactivated"/> (the cause recorded is
/// <see cref="DeactivationCause.Admin"/>); naming <c>IsAdmin</c> publishes <see cref="UserRoleChanged"/>.
/// </summary>
public sealed record ChangeUser(long UserId, bool? IsActive, bool? IsAdmin, UserSettingsChange? Settings) : IRequest<UserDto?>;
