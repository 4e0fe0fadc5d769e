namespace Atra.Modules.Health.Contracts;

/// <summary>Names and ordering of <see cref="HealthStatus"/>.</summary>
public static class HealthStatusExtensions
{
    /// <summary>The wire name: <c>HEALTHY</c>, <c>WARNING</c>, <c>CRITICAL</c>, <c>UNKNOWN</c>.</summary>
    public static string ToWire(this HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "HEALTHY",
        HealthStatus.Warning => "WARNING",
        HealthStatus.Critical => "CRITICAL",
        _ => "UNKNOWN",
    };

    public static HealthStatus? FromWire(string? value) => value?.ToUpperInvariant() switch
    {
        "HEALTHY" => HealthStatus.Healthy,
        "WARNING" => HealthStatus.Warning,
        "CRITICAL" => HealthStatus.Critical,
        "UNKNOWN" => HealthStatus.Unknown,
        _ => null,
    };

    /// <summary>
    /// Worse is bigger. A known failure outranks not knowing: one CRITICAL and one UNKNOWN component make the
    /// whole CRITICAL, because the operator must act on the known failure first.
    /// </summary>
    public static int Severity(this HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 0,
        HealthStatus.Warning => 1,
        HealthStatus.Unknown => 2,
        _ => 3,
    };

    public static HealthStatus Worst(this HealthStatus a, HealthStatus b) => b.Severity() > a.Severity() ? b : a;
}
