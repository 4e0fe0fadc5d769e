using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Creates an API login (<c>atra users create</c>). Throws an <c>AtraProblem</c>: 400 for an invalid username or
/// password, 409 when the username is taken.
/// </summary>
public sealed record CreateLogin(string Username, string Password, bool IsAdmin) : IRequest<UserDto>;
