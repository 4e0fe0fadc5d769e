using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Workers;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// Takes an online backup at each occurrence of <c>Storage:BackupSchedule</c> (UTC). A failed backup is logged and
/// counted (<c>atra_backup_failures_total</c>, <c>atra_worker_failures_total</c>) and retried with back-off (WorkerRetry); the age of the last good one is
/// <c>atra_backup_last_success_timestamp_seconds</c>, which the AtraBackupMissing alert watches. No heartbeat: a worker
/// that acts once a day would look stale to the workers check between runs.
/// </summary>
internal sealed class BackupWorker(
    IDatabaseBackups backups,
    IOptions<BackupOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<BackupWorker> logger) : BackgroundService
{
    public const string WorkerName = "BackupWorker";

    /// <summary>The longest single wait: Task.Delay takes at most ~49 days, and a year-ahead cron is legal.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.BackupSchedule))
        {
            return;
        }
        var schedule = CronExpression.Parse(options.Value.BackupSchedule);
        AtraMetrics.BackupScheduled.Set(1);
        // A restart must not look like a missed backup: the newest file on disk is the last success until the next one.
        if (NewestBackup(storage.Value.BackupFolder) is { } newest)
        {
            AtraMetrics.BackupLastSuccess.Set(newest.ToUnixTimeMilliseconds() / 1000.0);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(clock.GetUtcNow(), TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            try
            {
                for (var now = clock.GetUtcNow(); now < next; now = clock.GetUtcNow())
                {
                    var wait = next.Value - now;
                    await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                // The house rule for a worker's step: logged, counted, retried with back-off until it succeeds.
                await WorkerRetry.UntilDoneAsync(WorkerName, $"the scheduled {backups.Engine} backup", BackupOnceAsync, logger, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One backup attempt; a failure is counted in <c>atra_backup_failures_total</c> and rethrown to the retry.</summary>
    internal async Task BackupOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await backups.BackupAsync(cancellationToken).ConfigureAwait(false);
            AtraMetrics.BackupLastSuccess.Set(result.TakenAt.ToUnixTimeMilliseconds() / 1000.0);
            AtraMetrics.BackupSize.Set(result.Bytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AtraMetrics.BackupFailures.Inc();
            throw;
        }
    }

    private static DateTimeOffset? NewestBackup(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        // Every engine's backups: atra-<stamp>.db (SQLite) and atra-<stamp>.dump (pg_dump).
        var newest = Directory.GetFiles(folder, "atra-*").Select(f => (DateTimeOffset?)File.GetLastWriteTimeUtc(f)).Max();
        return newest is { } time ? new DateTimeOffset(time.UtcDateTime, TimeSpan.Zero) : null;
    }

}
