namespace Atra.Host.Platform.Logging;

/// <summary>What the Elasticsearch sink did, for metrics and health.</summary>
public sealed class ElasticsearchSinkStats
{
    private long _shipped;
    private long _dropped;
    private long _failedRequests;
    private long _pending;

    public long Shipped => Interlocked.Read(ref _shipped);

    /// <summary>Events dropped because the buffer was full or a batch was given up after retries.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    public long Pending => Interlocked.Read(ref _pending);

    public DateTimeOffset? LastSuccess { get; private set; }

    public string? LastError { get; private set; }

    internal bool TryReserve(int limit)
    {
        if (Interlocked.Increment(ref _pending) > limit)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return false;
        }
        return true;
    }

    internal void Release(int count) => Interlocked.Add(ref _pending, -count);

    internal void RecordShipped(int count, DateTimeOffset at)
    {
        Interlocked.Add(ref _shipped, count);
        LastSuccess = at;
        LastError = null;
    }

    internal void Failed(string error)
    {
        Interlocked.Increment(ref _failedRequests);
        LastError = error;
    }

    internal void DroppedBatch(int count) => Interlocked.Add(ref _dropped, count);
}
