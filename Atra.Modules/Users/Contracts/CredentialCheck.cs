namespace Atra.Modules.Users.Contracts;

/// <summary>The outcome of <see cref="VerifyCredentials"/>: the user only when the password matched.</summary>
public sealed record CredentialCheck(CredentialStatus Status, UserDto? User);
