using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Positions;

/// <summary>
/// Books what missed signal events would have booked (<see cref="PositionService.ReconcileAsync"/>): at start, before
/// market data flows (events lost while the process was down), then every <c>Positions:ReconcileInterval</c>, so a
/// <c>SignalClosed</c> (or DCA/TP1) whose handling failed (a transient database error) leaves users' positions behind
/// for one interval at most, not until the next restart. A failure is logged and retried at the next tick; it never
/// stops the start or the service.
/// </summary>
internal sealed partial class PositionsReconciler(
    PositionService positions,
    IOptions<PositionsOptions> options,
    IServiceScopeFactory scopes,
    IWorkerHeartbeats heartbeats,
    TimeProvider clock,
    ILogger<PositionsReconciler> logger) : PeriodicWorker(scopes, heartbeats, clock, logger)
{
    public const string WorkerName = "PositionsReconcileWorker";

    protected override string Name => WorkerName;

    protected override TimeSpan Period => options.Value.ReconcileInterval;

    protected override bool TickAtStart => false;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await positions.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStartFailed(logger, ex);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task TickAsync(IServiceProvider services, CancellationToken cancellationToken) => positions.ReconcileAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling positions at start failed; the periodic reconciliation retries it")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
