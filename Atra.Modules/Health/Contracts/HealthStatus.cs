namespace Atra.Modules.Health.Contracts;

/// <summary>
/// A component's state. The numbers are the <c>atra health</c> exit codes and the <c>atra_health_status</c> gauge
/// values; severity (what "worst" means) is a separate order, see <see cref="HealthStatusExtensions.Severity"/>.
/// </summary>
public enum HealthStatus
{
    Healthy = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
