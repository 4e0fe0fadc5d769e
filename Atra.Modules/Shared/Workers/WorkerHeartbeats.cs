using System.Collections.Concurrent;

namespace Atra.Modules.Shared.Workers;

internal sealed class WorkerHeartbeats(TimeProvider clock) : IWorkerHeartbeats
{
    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _beats = new(StringComparer.Ordinal);

    public void Beat(string worker) =>
        _beats.AddOrUpdate(worker, w => new WorkerHeartbeat(w, clock.GetUtcNow(), null, null), (_, old) => old with { LastBeat = clock.GetUtcNow() });

    public void Fail(string worker, string reason) =>
        _beats.AddOrUpdate(
            worker,
            w => new WorkerHeartbeat(w, clock.GetUtcNow(), clock.GetUtcNow(), reason),
            (_, old) => old with { LastBeat = clock.GetUtcNow(), LastFailure = clock.GetUtcNow(), LastFailureReason = reason });

    public IReadOnlyList<WorkerHeartbeat> Snapshot() => [.. _beats.Values.OrderBy(b => b.Worker, StringComparer.Ordinal)];
}
