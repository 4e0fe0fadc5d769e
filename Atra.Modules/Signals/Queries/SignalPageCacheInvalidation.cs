using Atra.Modules.Signals.Contracts;
using Mediator;

namespace Atra.Modules.Signals.Queries;

/// <summary>Drops the cached API pages on every change of a broadcast signal the API shows.</summary>
internal sealed class SignalPageCacheInvalidation(SignalPageCache cache) :
    INotificationHandler<SignalGenerated>,
    INotificationHandler<SignalTp1Hit>,
    INotificationHandler<SignalDcaFilled>,
    INotificationHandler<SignalClosed>
{
    public ValueTask Handle(SignalGenerated notification, CancellationToken cancellationToken) => Invalidate();

    public ValueTask Handle(SignalTp1Hit notification, CancellationToken cancellationToken) => Invalidate();

    public ValueTask Handle(SignalDcaFilled notification, CancellationToken cancellationToken) => Invalidate();

    public ValueTask Handle(SignalClosed notification, CancellationToken cancellationToken) => Invalidate();

    private ValueTask Invalidate()
    {
        cache.Invalidate();
        return ValueTask.CompletedTask;
    }
}
