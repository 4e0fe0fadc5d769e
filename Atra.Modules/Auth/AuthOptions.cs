namespace Atra.Modules.Auth;

/// <summary>Bound from the <c>Auth</c> section: brute-force protection of the login.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Failed logins for one username from one client address (within <see cref="LockoutDuration"/>) that lock that
    /// address out of it; as many from all addresses together start the progressive delay for everyone else.
    /// </summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The first delay before a password check once a username is being guessed at; doubles per failure.</summary>
    public TimeSpan LoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay: what the owner of a username under attack waits, at most, to get in.</summary>
    public TimeSpan MaxLoginDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests to the anonymous auth endpoints per client address and window.</summary>
    public int RateLimitPermits { get; set; } = 30;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
