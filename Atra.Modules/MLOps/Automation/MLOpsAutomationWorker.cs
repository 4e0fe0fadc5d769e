using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Signals.Contracts;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MLOps.Automation;

/// <summary>
/// The loop without an operator: at each occurrence of <c>MLOps:DriftSchedule</c> (cron, UTC) it runs <c>full</c> on
/// the database's closed signals: a drift check (when a baseline exists), then a retrain when drift is found, the
/// champion is older than <c>MLOps:MaxModelAge</c>, enough new outcomes have accumulated or there is no champion,
/// but never within <c>MLOps:RetrainCooldown</c> of the last automatic retrain; promotion only through the gate.
/// A failed run is logged and retried after a growing back-off (1, 2, 4 … up to 60 minutes) instead of waiting for
/// the next occurrence; the heartbeat beats at least every minute while it waits.
/// </summary>
internal sealed partial class MLOpsAutomationWorker(
    MLOpsPipeline pipeline,
    ISignalStrategy strategy,
    IOptions<MLOpsOptions> options,
    IWorkerHeartbeats heartbeats,
    TimeProvider clock,
    ILogger<MLOpsAutomationWorker> logger) : BackgroundService
{
    public const string Name = "MLOpsAutomationWorker";
    private static readonly TimeSpan BeatEvery = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastRetrain = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Run(pipeline.PublishCurrentState, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // An unreadable drift report only leaves its gauges empty until the next check.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPublishFailed(logger, ex);
        }
        if (!options.Value.AutomationEnabled)
        {
            return;
        }
        var schedule = CronExpression.Parse(options.Value.DriftSchedule);
        var failures = 0;
        heartbeats.Beat(Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = failures > 0
                ? now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, failures - 1)))
                : schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddDays(1);
            if (!await WaitUntilAsync(next, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                heartbeats.Beat(Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Catch, log, back off and go on: the worker must outlive any one run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                heartbeats.Fail(Name, ex.Message);
                LogRunFailed(logger, ex, failures);
            }
        }
    }

    /// <summary>One scheduled run: the drift check, then a retrain when a trigger holds and the cooldown allows.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var query = new RowQuery(null, null, strategy.Interval, null, null);
        var cooling = clock.GetUtcNow() - _lastRetrain < options.Value.RetrainCooldown;
        if (cooling)
        {
            var report = await pipeline.DriftAsync(query, null, ct).ConfigureAwait(false);
            LogCooling(logger, report.Drift);
            return;
        }
        var outcome = await pipeline.FullAsync(query, "worker", null, ct).ConfigureAwait(false);
        if (outcome.Retrained && outcome.Retrain is { NewVersion: true } r)
        {
            _lastRetrain = clock.GetUtcNow();
            LogRetrained(logger, outcome.Trigger, r.Version, r.Promoted, r.Reason);
        }
        else
        {
            LogChecked(logger, outcome.Drift, outcome.Trigger);
        }
    }

    private async Task<bool> WaitUntilAsync(DateTimeOffset when, CancellationToken ct)
    {
        while (true)
        {
            var left = when - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return true;
            }
            try
            {
                await Task.Delay(left < BeatEvery ? left : BeatEvery, clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            heartbeats.Beat(Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MLOps automation: retrained ({Trigger}): v{Version}, promoted {Promoted}: {Reason}")]
    private static partial void LogRetrained(ILogger logger, string trigger, int version, bool promoted, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MLOps automation: drift {Drift}; no retrain ({Trigger})")]
    private static partial void LogChecked(ILogger logger, bool drift, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "MLOps automation: drift {Drift}; within the retrain cooldown")]
    private static partial void LogCooling(ILogger logger, bool drift);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLOps: the latest drift report could not be read at start; its gauges stay empty until the next check")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "MLOps automation run failed ({Failures} in a row); retrying after a back-off")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, int failures);
}
