using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>workers</c>: every worker's heartbeat (in the service process only). A heartbeat older than
/// <c>Health:WorkerStaleWarning</c> (or the worker's override) is a WARNING, older than the critical age CRITICAL;
/// a worker whose latest tick failed is a WARNING with the failure's reason.
/// </summary>
internal sealed class WorkersHealthCheck(IWorkerHeartbeats heartbeats, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheckContributor
{
    public const string Component = "workers";

    public string Name => Component;

    public ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (!context.InService)
        {
            return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([]);
        }
        var now = clock.GetUtcNow();
        var beats = heartbeats.Snapshot();
        var data = new Dictionary<string, object?>();
        var problems = new List<string>();
        var failures = new List<string>();
        var status = HealthStatus.Healthy;
        foreach (var beat in beats)
        {
            var age = now - beat.LastBeat;
            var (warning, critical) = options.Value.WorkerThresholds(beat.Worker);
            var failedLast = beat.LastFailure is { } failedAt && failedAt >= beat.LastBeat;
            var own = age >= critical ? HealthStatus.Critical : age >= warning ? HealthStatus.Warning : failedLast ? HealthStatus.Warning : HealthStatus.Healthy;
            if (age >= warning)
            {
                problems.Add($"{beat.Worker} silent for {Describe(age)}");
            }
            else if (failedLast)
            {
                problems.Add($"{beat.Worker}'s last tick failed");
                failures.Add($"{beat.Worker}: {beat.LastFailureReason}");
            }
            status = status.Worst(own);
            data[beat.Worker] = new Dictionary<string, object?>
            {
                ["status"] = own.ToWire(),
                ["age_s"] = Math.Round(age.TotalSeconds, 1),
                ["last_failure_at"] = beat.LastFailure,
                ["last_failure"] = beat.LastFailureReason,
            };
        }
        var reason = beats.Count == 0
            ? "no worker has reported a heartbeat yet"
            : problems.Count > 0 ? string.Join("; ", problems) : $"{beats.Count} workers beating on time";
        return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([ComponentHealth.Of(Component, status, reason, data, failures.Count > 0 ? string.Join("; ", failures) : null)]);
    }

    internal static string Describe(TimeSpan age) =>
        age.TotalHours >= 1 ? $"{age.TotalHours:0.#} h" : age.TotalMinutes >= 1 ? $"{age.TotalMinutes:0.#} min" : $"{age.TotalSeconds:0} s";
}
