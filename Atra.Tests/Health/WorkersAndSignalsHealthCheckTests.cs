using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

public class WorkersAndSignalsHealthCheckTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static IWorkerHeartbeats Heartbeats(ManualClock clock) =>
        (IWorkerHeartbeats)Activator.CreateInstance(typeof(IWorkerHeartbeats).Assembly.GetType("Atra.Modules.Shared.Workers.WorkerHeartbeats")!, clock)!;

    [Test]
    public async Task Workers_StaleAndFailed_WorstWithReasons()
    {
        var clock = new ManualClock(Start);
        var beats = Heartbeats(clock);
        beats.Beat("CandleWorker");
        beats.Beat("OutboxWorker");
        clock.Now = Start.AddMinutes(6);
        beats.Fail("OutboxWorker", "Telegram answered 502");
        var check = new WorkersHealthCheck(beats, Options.Create(new HealthOptions()), clock);

        var result = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Contain("CandleWorker silent for 6 min").And.Contain("OutboxWorker's last tick failed"));
        Assert.That(result.Detail, Is.EqualTo("OutboxWorker: Telegram answered 502"));

        clock.Now = Start.AddMinutes(16);
        var later = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();
        Assert.That(later.Status, Is.EqualTo(HealthStatus.Critical));
    }

    [Test]
    public async Task Workers_OverrideForSlowWorker_Healthy()
    {
        var clock = new ManualClock(Start);
        var beats = Heartbeats(clock);
        beats.Beat("RetrainWorker");
        clock.Now = Start.AddHours(2);
        var options = new HealthOptions { WorkerStaleWarningOverrides = new() { ["RetrainWorker"] = TimeSpan.FromHours(25) } };

        var result = (await new WorkersHealthCheck(beats, Options.Create(options), clock).CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
    }

    [Test]
    public async Task Workers_OutsideTheService_NoComponent()
    {
        var clock = new ManualClock(Start);
        var check = new WorkersHealthCheck(Heartbeats(clock), Options.Create(new HealthOptions()), clock);

        Assert.That(await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task SignalGeneration_RecentScanAndSignals_HealthyWithCount()
    {
        using var db = new HealthTestDatabase();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        db.InsertSignal("BTCUSDT", "long", clock.Now.AddHours(-2), clock.Now.AddHours(-3).ToUnixTimeMilliseconds());
        db.InsertSignal("ETHUSDT", "short", clock.Now.AddHours(-5), clock.Now.AddHours(-6).ToUnixTimeMilliseconds());
        db.InsertSignal("ETHUSDT", "long", clock.Now.AddHours(-30), clock.Now.AddHours(-31).ToUnixTimeMilliseconds());
        var beats = Heartbeats(clock);
        beats.Beat("SignalScanWorker");
        var check = new SignalGenerationHealthCheck(db.Connections, db.StorageOptions, beats, Options.Create(new HealthOptions()), clock);

        var result = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
        Assert.That(result.Data["signals_24h"], Is.EqualTo(2L));
        Assert.That(result.Reason, Does.Contain("2 signals in the last 24 h"));
    }

    [Test]
    public async Task SignalGeneration_ScanSilent_CriticalThenMissing_Unknown()
    {
        using var db = new HealthTestDatabase();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var beats = Heartbeats(clock);
        var check = new SignalGenerationHealthCheck(db.Connections, db.StorageOptions, beats, Options.Create(new HealthOptions()), clock);

        var missing = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();
        Assert.That(missing.Status, Is.EqualTo(HealthStatus.Unknown));
        Assert.That(missing.Reason, Does.Contain("SignalScanWorker has not reported"));

        beats.Beat("SignalScanWorker");
        clock.Now = clock.Now.AddMinutes(31);
        var silent = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();
        Assert.That(silent.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(silent.Reason, Does.Contain("no scan for 31 min"));
    }

    [Test]
    public async Task SignalGeneration_TooFewSignals_Warning()
    {
        using var db = new HealthTestDatabase();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var check = new SignalGenerationHealthCheck(db.Connections, db.StorageOptions, Heartbeats(clock), Options.Create(new HealthOptions { SignalsPer24hWarningBelow = 1 }), clock);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Contain("0 signals in the last 24 h"));
    }
}
