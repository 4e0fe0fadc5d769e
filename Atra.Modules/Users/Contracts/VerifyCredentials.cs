using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// Checks a username and password (constant work whether or not the user exists) and rehashes the stored
/// password when the hashing parameters changed. Lockout and rate limits are the caller's (Auth's).
/// </summary>
public sealed record VerifyCredentials(string Username, string Password) : IRequest<CredentialCheck>;
