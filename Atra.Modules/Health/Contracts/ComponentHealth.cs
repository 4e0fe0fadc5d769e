namespace Atra.Modules.Health.Contracts;

/// <summary>
/// One component's verdict: a status, one sentence saying why, and the figures behind it (snake_case keys;
/// numbers, strings, booleans or null).
/// </summary>
public sealed record ComponentHealth(string Name, HealthStatus Status, string Reason, IReadOnlyDictionary<string, object?> Data)
{
    public static ComponentHealth Of(string name, HealthStatus status, string reason, IReadOnlyDictionary<string, object?>? data = null) =>
        new(name, status, reason, data ?? new Dictionary<string, object?>());
}
