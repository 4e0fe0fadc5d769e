using Atra.Modules.Shared.Workers;

namespace Atra.Tests.Fakes;

/// <summary>
/// Heartbeats in which the signal scan worker stays silent until a test lets it speak: the host runs, but
/// "the scanner never beat" can be shown on demand.
/// </summary>
internal sealed class SilencedScanHeartbeats(TimeProvider clock) : IWorkerHeartbeats
{
    private readonly WorkerHeartbeats _inner = new(clock);

    public bool SilenceScan { get; set; } = true;

    public void Beat(string worker)
    {
        if (!(SilenceScan && worker == "SignalScanWorker"))
        {
            _inner.Beat(worker);
        }
    }

    public void Fail(string worker, string reason)
    {
        if (!(SilenceScan && worker == "SignalScanWorker"))
        {
            _inner.Fail(worker, reason);
        }
    }

    public IReadOnlyList<WorkerHeartbeat> Snapshot() => _inner.Snapshot();
}
