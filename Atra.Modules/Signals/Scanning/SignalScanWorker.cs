using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Workers;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// Feeds every <see cref="CandleClosed"/> of the strategy interval to the <see cref="SignalScanner"/> (which keeps
/// all state, so any number of handler instances share it) and resumes open signals at start. One bad candle is
/// logged and recorded on the heartbeat; it never stops scanning.
/// </summary>
internal sealed partial class SignalScanWorker(SignalScanner scanner, IWorkerHeartbeats heartbeats, ILogger<SignalScanWorker> logger)
    : BackgroundService, INotificationHandler<CandleClosed>
{
    public const string Name = "SignalScanWorker";

    public async ValueTask Handle(CandleClosed notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        try
        {
            await scanner.OnCandleClosedAsync(notification.Symbol, notification.Interval, notification.Candle, cancellationToken).ConfigureAwait(false);
            heartbeats.Beat(Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            heartbeats.Fail(Name, ex.Message);
            LogCandleFailed(logger, ex, notification.Symbol, notification.Candle.OpenTimeMs);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await scanner.StartAsync(stoppingToken).ConfigureAwait(false);
            heartbeats.Beat(Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            heartbeats.Fail(Name, ex.Message);
            LogResumeFailed(logger, ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await scanner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: resumed signals catch up from the candles.
            LogFlushFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the open signals' lifecycle state at stop failed; they catch up from the candles on resume")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning {Symbol} candle {OpenTimeMs} failed; scanning continues")]
    private static partial void LogCandleFailed(ILogger logger, Exception exception, string symbol, long openTimeMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming open signals failed; they resume on the first candle")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
