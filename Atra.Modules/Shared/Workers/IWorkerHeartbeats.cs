namespace Atra.Modules.Shared.Workers;

/// <summary>Where every worker records that it is alive; the Health module and the metrics read it.</summary>
public interface IWorkerHeartbeats
{
    void Beat(string worker);

    /// <summary>Records a failed tick: the worker is alive but its last run did not succeed.</summary>
    void Fail(string worker, string reason);

    IReadOnlyList<WorkerHeartbeat> Snapshot();
}
