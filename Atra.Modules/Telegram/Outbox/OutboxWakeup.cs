namespace Atra.Modules.Telegram.Outbox;

/// <summary>Lets an enqueue wake the sender at once instead of at its next idle check (replies feel instant).</summary>
internal sealed class OutboxWakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _signal.Dispose();
}
