namespace Atra.Modules.Health.Contracts;

/// <summary>Every component's verdict at one moment; the overall status is the worst of them.</summary>
public sealed record HealthReport(HealthStatus Status, DateTimeOffset CheckedAt, IReadOnlyList<ComponentHealth> Components);
