namespace Atra.Modules.Health.Contracts;

/// <summary>
/// The extension point: a module that owns a dependency registers one of these
/// (<c>services.AddHealthContributor&lt;T&gt;()</c>) and its components appear in <c>atra health</c>,
/// <c>/health/ready</c>, the status page and the <c>atra_health_status</c> gauge. Thresholds belong in the
/// <c>Health</c> settings section or the module's own. A contributor may return several components (one per
/// exchange) or none (nothing configured, or a process-local fact outside the service). An exception or a
/// timeout becomes a component with status UNKNOWN named after the contributor.
/// </summary>
public interface IHealthCheckContributor
{
    /// <summary>Used to name the UNKNOWN component when the contributor itself fails.</summary>
    string Name { get; }

    ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken);
}
