using Atra.Modules.Signals.Contracts;
using Mediator;

namespace Atra.Modules.Signals.Queries;

/// <summary>
/// Drops the cached API pages when a signal is created or closed: both are written to SQLite right before these are
/// published. TP1 and DCA states are written in batches after their notifications, so <c>SignalStore</c> drops the
/// pages itself after each batch commits.
/// </summary>
internal sealed class SignalPageCacheInvalidation(SignalPageCache cache) :
    INotificationHandler<SignalGenerated>,
    INotificationHandler<SignalClosed>
{
    public ValueTask Handle(SignalGenerated notification, CancellationToken cancellationToken) => Invalidate();

    public ValueTask Handle(SignalClosed notification, CancellationToken cancellationToken) => Invalidate();

    private ValueTask Invalidate()
    {
        cache.Invalidate();
        return ValueTask.CompletedTask;
    }
}
