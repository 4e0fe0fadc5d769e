using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// An admin set a user's role (<c>PATCH /api/users/{id}</c> naming <c>is_admin</c>); Auth ends the user's live access
/// tokens, whose role claim may now be wrong (a refresh issues one with the stored role).
/// </summary>
public sealed record UserRoleChanged(long UserId, bool IsAdmin) : INotification;
