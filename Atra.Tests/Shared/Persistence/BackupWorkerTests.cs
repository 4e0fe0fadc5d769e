using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Persistence.Backups;
using Atra.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Shared.Persistence;

/// <summary>Storage:BackupSchedule drives BackupWorker: one backup per cron occurrence (UTC); a failure is counted, not fatal.</summary>
public class BackupWorkerTests
{
    /// <summary>A clock whose every wait ends at once by moving time forward by the wait.</summary>
    private sealed class JumpingClock(DateTimeOffset start) : TimeProvider
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return _now;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (_gate)
                {
                    _now += dueTime;
                }
            }
            return TimeProvider.System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
        }
    }

    private sealed class RecordingBackups(TimeProvider clock, int stopAfter, CancellationTokenSource stop) : IDatabaseBackups
    {
        public List<DateTimeOffset> Taken { get; } = [];

        /// <summary>How many of the next attempts throw.</summary>
        public int FailNext { get; set; }

        public string Engine => "test";

        public Task<BackupResult> BackupAsync(CancellationToken cancellationToken)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new IOException("disk full");
            }
            Taken.Add(clock.GetUtcNow());
            if (Taken.Count >= stopAfter)
            {
                stop.Cancel();
            }
            return Task.FromResult(new BackupResult("x", 1234, clock.GetUtcNow(), TimeSpan.Zero, []));
        }

        public Task<BackupCheck> VerifyAsync(string file, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RestoreResult> RestoreAsync(string file, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static BackupWorker Worker(IDatabaseBackups backups, string? schedule, TimeProvider clock, string folder) =>
        new(backups,
            Options.Create(new BackupOptions { BackupSchedule = schedule }),
            Options.Create(new StorageOptions { BackupFolder = folder }),
            clock,
            NullLogger<BackupWorker>.Instance);

    [Test]
    public async Task Schedule_DailyAt0300_OneBackupPerOccurrenceInUtc()
    {
        using var folder = new TempFolder();
        var clock = new JumpingClock(new DateTimeOffset(2026, 12, 7, 2, 21, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var backups = new RecordingBackups(clock, stopAfter: 3, stop);
        var worker = Worker(backups, "0 3 * * *", clock, folder.Path);

        await worker.StartAsync(stop.Token);
        await worker.ExecuteTask!;

        Assert.That(backups.Taken, Is.EqualTo(new[]
        {
            new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 9, 3, 0, 0, TimeSpan.Zero),
        }));
        Assert.That(AtraMetrics.BackupLastSuccess.Value, Is.EqualTo(new DateTimeOffset(2026, 12, 9, 3, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
    }

    [Test]
    public async Task Schedule_Empty_TakesNoBackup()
    {
        using var folder = new TempFolder();
        using var stop = new CancellationTokenSource();
        var backups = new RecordingBackups(TimeProvider.System, 1, stop);

        var worker = Worker(backups, "", TimeProvider.System, folder.Path);
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!;

        Assert.That(backups.Taken, Is.Empty);
    }

    [Test]
    public async Task ABackupFails_CountedAndRetriedWithBackOff_ThenTaken()
    {
        using var folder = new TempFolder();
        var clock = new JumpingClock(new DateTimeOffset(2026, 12, 7, 2, 21, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var backups = new RecordingBackups(clock, stopAfter: 1, stop) { FailNext = 2 };
        var worker = Worker(backups, "0 3 * * *", clock, folder.Path);
        var before = AtraMetrics.BackupFailures.Value;

        await worker.StartAsync(stop.Token);
        await worker.ExecuteTask!;

        Assert.That(AtraMetrics.BackupFailures.Value - before, Is.EqualTo(2));
        Assert.That(backups.Taken, Has.Count.EqualTo(1));
        // Two back-offs (about 1 s and 2 s, with jitter) after 03:00, not the next day's occurrence.
        Assert.That(backups.Taken[0], Is.InRange(new DateTimeOffset(2026, 12, 7, 3, 0, 1, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 3, 1, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task Start_TheNewestBackupOnDisk_IsTheLastSuccess_WhateverTheEngine()
    {
        using var folder = new TempFolder();
        var dump = Path.Combine(folder.Path, "atra-20261206T030000000Z.dump");
        await File.WriteAllBytesAsync(dump, [1]);
        var written = new DateTime(2026, 12, 6, 3, 0, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(dump, written);
        using var stop = new CancellationTokenSource();
        // Next occurrence a year away: only the start-up seeding runs.
        var worker = Worker(new RecordingBackups(TimeProvider.System, 1, stop), "0 3 1 1 *", TimeProvider.System, folder.Path);

        var expected = (double)new DateTimeOffset(written).ToUnixTimeSeconds();
        await worker.StartAsync(CancellationToken.None);
        // ExecuteAsync runs on its own thread (.NET 10): wait for the seeding to happen, then stop.
        for (var i = 0; i < 200 && AtraMetrics.BackupLastSuccess.Value != expected; i++)
        {
            await Task.Delay(25);
        }
        await worker.StopAsync(CancellationToken.None);

        Assert.That(AtraMetrics.BackupLastSuccess.Value, Is.EqualTo(expected));
    }
}
