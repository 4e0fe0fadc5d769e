using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Positions.Handlers;

/// <summary>
/// Follows the broadcast signals for every user holding a position on them, and marks open positions to each closed
/// candle. A failure is logged and never thrown into the publisher (the Signals scanner): what was missed is booked
/// at the next start (<see cref="PositionsReconciler"/>) or by the signal's next event.
/// </summary>
internal sealed partial class SignalEventHandlers(PositionService positions, ILogger<SignalEventHandlers> logger) :
    INotificationHandler<SignalGenerated>,
    INotificationHandler<SignalDcaFilled>,
    INotificationHandler<SignalTp1Hit>,
    INotificationHandler<SignalClosed>,
    INotificationHandler<CandleClosed>
{
    public ValueTask Handle(SignalGenerated notification, CancellationToken cancellationToken) =>
        GuardAsync(nameof(SignalGenerated), notification.SignalId, () => positions.OnGeneratedAsync(notification, cancellationToken));

    public ValueTask Handle(SignalDcaFilled notification, CancellationToken cancellationToken) =>
        GuardAsync(nameof(SignalDcaFilled), notification.SignalId, () => positions.OnDcaFilledAsync(notification, cancellationToken));

    public ValueTask Handle(SignalTp1Hit notification, CancellationToken cancellationToken) =>
        GuardAsync(nameof(SignalTp1Hit), notification.SignalId, () => positions.OnTp1HitAsync(notification, cancellationToken));

    public ValueTask Handle(SignalClosed notification, CancellationToken cancellationToken) =>
        GuardAsync(nameof(SignalClosed), notification.SignalId, () => positions.OnClosedAsync(notification, cancellationToken));

    public ValueTask Handle(CandleClosed notification, CancellationToken cancellationToken) =>
        GuardAsync(nameof(CandleClosed), 0, () => positions.OnCandleClosedAsync(notification, cancellationToken));

    private async ValueTask GuardAsync(string what, long signalId, Func<Task> handle)
    {
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, what, signalId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Positions could not handle {Notification} of signal {SignalId}; it is caught up at the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception, string notification, long signalId);
}
