using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Positions;

/// <summary>
/// At start, before market data flows, books what signal events lost while the process was down would have booked
/// (<see cref="PositionService.ReconcileAsync"/>). A failure is logged; it does not stop the start.
/// </summary>
internal sealed partial class PositionsReconciler(PositionService positions, ILogger<PositionsReconciler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await positions.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling positions at start failed; events missed while down stay unbooked until the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
