namespace Atra.Modules.Shared.Coordination;

/// <summary>A named lock with a time to live, so a crashed holder cannot keep it forever.</summary>
public interface IDistributedLock
{
    /// <summary>Returns a handle that releases the lock when disposed, or null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan timeToLive, CancellationToken cancellationToken = default);
}
