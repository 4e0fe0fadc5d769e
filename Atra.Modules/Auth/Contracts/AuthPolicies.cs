namespace Atra.Modules.Auth.Contracts;

/// <summary>Authorization policy names and claim names of Atra's access tokens.</summary>
public static class AuthPolicies
{
    /// <summary>Only admins (role claim <c>admin</c>).</summary>
    public const string Admin = "admin";

    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";
    public const string TokenIdClaim = "jti";
    public const string AdminRole = "admin";
    public const string UserRole = "user";

    /// <summary>The rate-limiting policy of the anonymous auth endpoints (per client address).</summary>
    public const string AuthRateLimit = "auth";
}
