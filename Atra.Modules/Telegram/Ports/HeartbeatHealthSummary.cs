using System.Globalization;
using Atra.Modules.Shared.Workers;

namespace Atra.Modules.Telegram.Ports;

/// <summary>/admin's health lines from the workers' heartbeats (Shared): each worker, the age of its last beat, its last failure.</summary>
internal sealed class HeartbeatHealthSummary(IWorkerHeartbeats heartbeats, TimeProvider clock) : IHealthSummary
{
    public Task<IReadOnlyList<string>> SummarizeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lines = new List<string>();
        foreach (var beat in heartbeats.Snapshot())
        {
            var age = (now - beat.LastBeat).TotalSeconds;
            var failed = beat.LastFailure is not null && beat.LastFailure >= beat.LastBeat;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{(failed ? "⚠️" : "✅")} {beat.Worker}: {age:0}s{(failed ? " — " + beat.LastFailureReason : "")}"));
        }
        return Task.FromResult<IReadOnlyList<string>>(lines);
    }
}
