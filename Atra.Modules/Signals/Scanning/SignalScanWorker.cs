using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Signals.Contracts;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// Feeds every <see cref="CandleClosed"/> of the strategy interval to the <see cref="SignalScanner"/> (which keeps
/// all state, so any number of handler instances share it), resumes open signals at start, and retries what a failed
/// write left unfinished with a doubling backoff (from <c>Signals:WriteRetryDelay</c> up to a minute) until it
/// commits. A failure is logged and shown on the heartbeat; it never stops scanning.
/// </summary>
internal sealed partial class SignalScanWorker(SignalScanner scanner, IWorkerHeartbeats heartbeats, IOptions<SignalsSettings> settings,
    IEnumerable<IMarketUniverse> markets, ILogger<SignalScanWorker> logger)
    : BackgroundService, INotificationHandler<CandleClosed>
{
    public const string Name = "SignalScanWorker";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    public async ValueTask Handle(CandleClosed notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        try
        {
            var failed = await scanner.OnCandleClosedAsync(notification.Symbol, notification.Interval, notification.Candle, cancellationToken).ConfigureAwait(false);
            Report(failed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            heartbeats.Fail(Name, ex.Message);
            LogCandleFailed(logger, ex, notification.Symbol, notification.Candle.OpenTimeMs);
        }
    }

    /// <summary>
    /// Refuses a strategy interval no candle is streamed for: it would produce no signal while health stays green.
    /// Thrown as a settings failure, so the start stops with one line naming both settings.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var streamed = markets.FirstOrDefault()?.Intervals;
        if (streamed is not null && !streamed.Contains(scanner.Interval, StringComparer.Ordinal))
        {
            throw new OptionsValidationException(SignalsSettings.SectionName, typeof(SignalsSettings),
                [$"Signals:Interval: '{scanner.Interval}' is not streamed (Market:Intervals is {string.Join(", ", streamed)}); add it to Market:Intervals or choose one of those."]);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        var resumed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!resumed)
                {
                    await scanner.StartAsync(stoppingToken).ConfigureAwait(false);
                    resumed = true;
                    heartbeats.Beat(Name);
                }
                else if (scanner.Unfinished)
                {
                    Report(await scanner.RetryAsync(stoppingToken).ConfigureAwait(false));
                }
                attempt = scanner.Unfinished ? attempt + 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                heartbeats.Fail(Name, ex.Message);
                LogRetryFailed(logger, ex);
                attempt++;
            }
            try
            {
                if (attempt == 0)
                {
                    // Idle: woken as soon as a candle's write fails (or once a minute, to look anyway).
                    await scanner.WaitUnfinishedAsync(MaxRetryDelay, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(Delay(attempt), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
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

    private TimeSpan Delay(int attempt)
    {
        var delay = settings.Value.WriteRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private void Report(int failed)
    {
        if (failed == 0 && !scanner.Unfinished)
        {
            heartbeats.Beat(Name);
        }
        else
        {
            heartbeats.Fail(Name, $"{failed} symbol(s) or state writes failed; retrying");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the open signals' lifecycle state at stop failed; they catch up from the candles on resume")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning {Symbol} candle {OpenTimeMs} failed; scanning continues")]
    private static partial void LogCandleFailed(ILogger logger, Exception exception, string symbol, long openTimeMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming open signals or retrying unfinished candles failed; retrying with backoff")]
    private static partial void LogRetryFailed(ILogger logger, Exception exception);
}
