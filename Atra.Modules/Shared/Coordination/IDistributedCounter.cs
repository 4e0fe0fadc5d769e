namespace Atra.Modules.Shared.Coordination;

/// <summary>Counters that expire a fixed time after their first increment (login failures, rate limits).</summary>
public interface IDistributedCounter
{
    /// <summary>Adds one and returns the new value; a new counter expires <paramref name="window"/> from now.</summary>
    Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>The current value, 0 when absent or expired.</summary>
    Task<long> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The time left before the counter expires, null when absent.</summary>
    Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken = default);

    Task ResetAsync(string key, CancellationToken cancellationToken = default);
}
