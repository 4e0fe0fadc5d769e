using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

/// <summary>Runs every check each <c>Health:Interval</c>, so the gauge and the status page stay current without a caller.</summary>
internal sealed class HealthMonitorWorker(
    IServiceScopeFactory scopes,
    IWorkerHeartbeats heartbeats,
    TimeProvider clock,
    HealthService health,
    IOptions<HealthOptions> options,
    ILogger<HealthMonitorWorker> logger)
    : PeriodicWorker(scopes, heartbeats, clock, logger)
{
    protected override string Name => nameof(HealthMonitorWorker);

    protected override TimeSpan Period => options.Value.Interval;

    protected override Task TickAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        health.RunAsync(HealthCheckContext.Service, cancellationToken);
}
