using Atra.Modules.Shared.Metrics;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Shared.Workers;

/// <summary>
/// The one catch-log-back-off-go-on rule for a worker's steps outside <see cref="PeriodicWorker"/> (which has it per
/// tick): a step that throws (database locked, Redis down, a trigger refusing a write) is logged with the worker's
/// name, counted in <c>atra_worker_failures_total</c>, shown on the heartbeat when the worker has one, and run again
/// after an exponential back-off with jitter (1 s doubling up to 1 min) until it succeeds or the host stops. Only
/// the stopping token's cancellation escapes, so a transient fault can never end <c>ExecuteAsync</c>.
/// </summary>
internal static partial class WorkerRetry
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    public static async Task<T> UntilDoneAsync<T>(string worker, string what, Func<CancellationToken, Task<T>> step, ILogger logger, TimeProvider clock,
        CancellationToken stoppingToken, IWorkerHeartbeats? heartbeats = null, Func<Exception, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await step(stoppingToken).ConfigureAwait(false);
                if (attempt > 0)
                {
                    LogRecovered(logger, worker, what, attempt);
                }
                return result;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var delay = Failed(worker, what, ex, attempt, logger, heartbeats, describe);
                await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public static Task UntilDoneAsync(string worker, string what, Func<CancellationToken, Task> step, ILogger logger, TimeProvider clock,
        CancellationToken stoppingToken, IWorkerHeartbeats? heartbeats = null, Func<Exception, string>? describe = null) =>
        UntilDoneAsync(worker, what, async ct =>
        {
            await step(ct).ConfigureAwait(false);
            return true;
        }, logger, clock, stoppingToken, heartbeats, describe);

    /// <summary>
    /// Records one failure of a worker's step (log, metric, heartbeat) and returns the back-off before the next try,
    /// for loops that retry on their own (attempt counts from 0).
    /// </summary>
    public static TimeSpan Failed(string worker, string what, Exception exception, int attempt, ILogger logger, IWorkerHeartbeats? heartbeats = null, Func<Exception, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        AtraMetrics.WorkerFailures.WithLabels(worker).Inc();
        var delay = Backoff.Delay(attempt, BaseDelay, MaxDelay);
        var text = describe?.Invoke(exception) ?? $"{exception.GetType().Name}: {exception.Message}";
        heartbeats?.Fail(worker, text);
        if (describe is null)
        {
            LogFailed(logger, exception, worker, what, attempt + 1, delay.TotalSeconds);
        }
        else
        {
            // The caller's description is the safe text (the exception's could carry a secret, e.g. a Bot API URL).
            LogFailedDescribed(logger, worker, what, attempt + 1, delay.TotalSeconds, text);
        }
        return delay;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker}: {What} failed (attempt {Attempt}); retrying in {Seconds:0.#} s")]
    private static partial void LogFailed(ILogger logger, Exception exception, string worker, string what, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker}: {What} failed (attempt {Attempt}); retrying in {Seconds:0.#} s: {Error}")]
    private static partial void LogFailedDescribed(ILogger logger, string worker, string what, int attempt, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: {What} succeeded after {Failures} failed attempt(s)")]
    private static partial void LogRecovered(ILogger logger, string worker, string what, int failures);
}
