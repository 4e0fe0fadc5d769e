using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>The user with this internal id, or null.</summary>
public sealed record GetUserById(long UserId) : IRequest<UserDto?>;
