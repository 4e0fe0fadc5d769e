namespace Atra.Modules.Auth;

/// <summary>Bound from the <c>Auth</c> section: brute-force protection of the login.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Failed logins for one username (within <see cref="LockoutDuration"/>) that lock it.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Requests to the anonymous auth endpoints per client address and window.</summary>
    public int RateLimitPermits { get; set; } = 30;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
