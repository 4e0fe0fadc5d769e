using System.Reflection;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Hosting;

namespace Atra.Modules.Health;

/// <summary>
/// Sets <c>atra_build_info</c> once and <c>atra_worker_heartbeat_age_seconds</c> from <see cref="IWorkerHeartbeats"/> just before each scrape.
/// prometheus-net's callbacks cannot be removed, so one callback is registered per process and reads the
/// heartbeats of the host that started last (tests start several hosts in one process).
/// </summary>
internal sealed class HeartbeatMetrics(IWorkerHeartbeats heartbeats, TimeProvider clock) : IHostedService
{
    private readonly IWorkerHeartbeats _heartbeats = heartbeats;
    private readonly TimeProvider _clock = clock;
    private static readonly Lock Gate = new();
    private static HeartbeatMetrics? _current;
    private static bool _registered;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var version = typeof(HeartbeatMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        AtraMetrics.BuildInfo.WithLabels(version).Set(1);
        lock (Gate)
        {
            _current = this;
            if (!_registered)
            {
                Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(Collect);
                _registered = true;
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (ReferenceEquals(_current, this))
            {
                _current = null;
            }
        }
        return Task.CompletedTask;
    }

    private static void Collect()
    {
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            return;
        }
        var now = current._clock.GetUtcNow();
        foreach (var beat in current._heartbeats.Snapshot())
        {
            AtraMetrics.WorkerHeartbeatAge.WithLabels(beat.Worker).Set(Math.Max(0, (now - beat.LastBeat).TotalSeconds));
        }
    }
}
