namespace Atra.Modules.Users.Contracts;

public enum CredentialStatus
{
    /// <summary>Unknown username, no login, or a wrong password: indistinguishable on purpose.</summary>
    Invalid,

    /// <summary>The password matched an inactive user.</summary>
    Disabled,

    Valid,
}
