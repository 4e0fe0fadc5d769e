using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

/// <summary>
/// Locks a username after too many failed logins, whether or not the user exists (so the answer reveals
/// nothing). The counters live in <see cref="IDistributedCounter"/>: shared by every instance when Redis is
/// configured.
/// </summary>
internal sealed class LoginThrottle(IDistributedCounter counters, IOptions<AuthOptions> options)
{
    /// <summary>The time left on the lock, or null when the username is not locked.</summary>
    public async Task<TimeSpan?> LockedForAsync(string username, CancellationToken ct)
    {
        var key = LockKey(username);
        if (await counters.GetAsync(key, ct).ConfigureAwait(false) <= 0)
        {
            return null;
        }
        return await counters.TimeToLiveAsync(key, ct).ConfigureAwait(false) ?? options.Value.LockoutDuration;
    }

    /// <summary>Counts a failure; true when it locked the username.</summary>
    public async Task<bool> RecordFailureAsync(string username, CancellationToken ct)
    {
        var o = options.Value;
        var failures = await counters.IncrementAsync(FailureKey(username), o.LockoutDuration, ct).ConfigureAwait(false);
        if (failures < o.MaxFailedLogins)
        {
            return false;
        }
        await counters.IncrementAsync(LockKey(username), o.LockoutDuration, ct).ConfigureAwait(false);
        await counters.ResetAsync(FailureKey(username), ct).ConfigureAwait(false);
        return true;
    }

    public Task RecordSuccessAsync(string username, CancellationToken ct) => counters.ResetAsync(FailureKey(username), ct);

    // Usernames are matched without regard to case, so the counters are too.
    private static string FailureKey(string username) => "login-failures:" + username.ToLowerInvariant();

    private static string LockKey(string username) => "login-lock:" + username.ToLowerInvariant();
}
