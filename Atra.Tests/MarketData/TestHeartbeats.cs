using System.Collections.Concurrent;
using Atra.Modules.Shared.Workers;

namespace Atra.Tests.MarketData;

internal sealed class TestHeartbeats : IWorkerHeartbeats
{
    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _beats = new();

    public void Beat(string worker) => _beats[worker] = new WorkerHeartbeat(worker, DateTimeOffset.UtcNow, null, null);

    public void Fail(string worker, string reason) => _beats[worker] = new WorkerHeartbeat(worker, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, reason);

    public IReadOnlyList<WorkerHeartbeat> Snapshot() => [.. _beats.Values];
}
