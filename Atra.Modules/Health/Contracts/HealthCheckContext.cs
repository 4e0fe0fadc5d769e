namespace Atra.Modules.Health.Contracts;

/// <summary>
/// Where the checks run. Heartbeats, exchange status and other in-memory facts exist only inside the service
/// process; <c>atra health</c> without <c>--url</c> runs in its own process, where they are absent rather than
/// stale, so contributors skip them there instead of reporting a false alarm.
/// </summary>
public sealed record HealthCheckContext(bool InService)
{
    public static HealthCheckContext Service { get; } = new(true);

    public static HealthCheckContext Command { get; } = new(false);
}
