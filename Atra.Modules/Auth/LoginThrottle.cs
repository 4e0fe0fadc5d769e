using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

/// <summary>
/// Slows password guessing without handing attackers a way to lock owners out. Failures are counted per username
/// (existing or not, so the answers reveal nothing) twice: from one client address, and from all addresses.
/// <list type="bullet">
/// <item>An address that failed <see cref="AuthOptions.MaxFailedLogins"/> times for a username is locked out of it
/// for <see cref="AuthOptions.LockoutDuration"/>: the attacker's address, not the account.</item>
/// <item>Once the username has that many failures from all addresses together, every further attempt from any other
/// address is answered only after a delay that doubles with each failure, from <see cref="AuthOptions.LoginDelay"/>
/// up to <see cref="AuthOptions.MaxLoginDelay"/>: guesses spread over many addresses get slow, while the owner, who
/// is never locked out by someone else's failures, waits at most the cap.</item>
/// </list>
/// The counters live in <see cref="IDistributedCounter"/>: shared by every instance when Redis is configured.
/// </summary>
internal sealed class LoginThrottle(IDistributedCounter counters, IOptions<AuthOptions> options)
{
    /// <summary>The time left on this address's lock for the username, or null when it is not locked.</summary>
    public async Task<TimeSpan?> LockedForAsync(string username, string address, CancellationToken ct)
    {
        var key = LockKey(username, address);
        if (await counters.GetAsync(key, ct).ConfigureAwait(false) <= 0)
        {
            return null;
        }
        return await counters.TimeToLiveAsync(key, ct).ConfigureAwait(false) ?? options.Value.LockoutDuration;
    }

    /// <summary>How long to wait before checking a password for the username, given its failures from all addresses.</summary>
    public async Task<TimeSpan> DelayAsync(string username, CancellationToken ct)
    {
        var failures = await counters.GetAsync(FailureKey(username), ct).ConfigureAwait(false);
        return DelayAfter(failures, options.Value);
    }

    /// <summary>Zero below the threshold, then the base delay doubled for each failure beyond it, at most the cap.</summary>
    public static TimeSpan DelayAfter(long failures, AuthOptions o)
    {
        var beyond = failures - o.MaxFailedLogins;
        if (beyond < 0)
        {
            return TimeSpan.Zero;
        }
        // 2^beyond overflows nothing: past the cap's doubling count the cap answers.
        var doublings = (int)Math.Min(beyond, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(o.LoginDelay.Ticks * Math.Pow(2, doublings), o.MaxLoginDelay.Ticks));
        return delay;
    }

    /// <summary>Counts a failure from <paramref name="address"/>; true when it locked that address out of the username.</summary>
    public async Task<bool> RecordFailureAsync(string username, string address, CancellationToken ct)
    {
        var o = options.Value;
        await counters.IncrementAsync(FailureKey(username), o.LockoutDuration, ct).ConfigureAwait(false);
        var failures = await counters.IncrementAsync(FailureKey(username, address), o.LockoutDuration, ct).ConfigureAwait(false);
        if (failures < o.MaxFailedLogins)
        {
            return false;
        }
        await counters.IncrementAsync(LockKey(username, address), o.LockoutDuration, ct).ConfigureAwait(false);
        await counters.ResetAsync(FailureKey(username, address), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The owner got in: their address starts over, and so does the delay (someone else's guessing was not theirs).</summary>
    public async Task RecordSuccessAsync(string username, string address, CancellationToken ct)
    {
        await counters.ResetAsync(FailureKey(username, address), ct).ConfigureAwait(false);
        await counters.ResetAsync(FailureKey(username), ct).ConfigureAwait(false);
    }

    // Usernames are matched without regard to case, so the counters are too.
    private static string FailureKey(string username) => "login-failures:" + username.ToLowerInvariant();

    private static string FailureKey(string username, string address) => $"login-failures:{username.ToLowerInvariant()}@{address}";

    private static string LockKey(string username, string address) => $"login-lock:{username.ToLowerInvariant()}@{address}";
}
