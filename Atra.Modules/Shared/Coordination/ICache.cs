namespace Atra.Modules.Shared.Coordination;

/// <summary>A string cache with expiry, shared across instances when Redis is configured.</summary>
public interface ICache
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);
}
