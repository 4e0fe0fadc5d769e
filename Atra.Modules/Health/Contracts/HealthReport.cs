namespace Atra.Modules.Health.Contracts;

/// <summary>Every component's verdict at one moment; the overall status is the worst of them.</summary>
public sealed record HealthReport(HealthStatus Status, DateTimeOffset CheckedAt, IReadOnlyList<ComponentHealth> Components)
{
    /// <summary>What anyone may see (the status page, <c>/health/ready</c>): no detail, no operator-only figures.</summary>
    public HealthReport ForPublic() => this with { Components = [.. Components.Select(c => c.ForPublic())] };
}
