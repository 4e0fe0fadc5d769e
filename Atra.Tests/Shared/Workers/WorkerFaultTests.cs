using Atra.Modules.Backtest.Api;
using Atra.Modules.MLOps.Api;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Telegram.Outbox;
using Atra.Tests.Backtest;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Atra.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atra.Tests.Shared.Workers;

/// <summary>
/// Issue 13 item 6: every worker catches, logs, backs off and goes on. Each test injects a real fault (a SQLite
/// trigger refusing the worker's write, as a failing disk or a locked database would), waits until the worker has
/// failed on it (<c>atra_worker_failures_total</c> rose), removes the fault and proves the worker resumed. Before
/// the fix each of these exceptions escaped <c>ExecuteAsync</c>, which stopped the host.
/// </summary>
public sealed class WorkerFaultTests
{
    private static double Failures(string worker) => AtraMetrics.WorkerFailures.WithLabels(worker).Value;

    private static Task FailedAtLeastOnceAsync(string worker, double before) =>
        FakeBotApi.WaitUntilAsync(() => Failures(worker) > before, TimeSpan.FromSeconds(60), $"{worker} failed on the injected fault");

    [Test]
    public async Task OutboxSender_RecoveryAtStartFails_RetriesAndDelivers()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var folder = new TempFolder();
        var database = folder.File("atra.db");
        using (var first = new TelegramTestHost(fake, database))
        {
            first.Factory.Settings["Telegram:BotToken"] = "";
            first.Start();
            await first.Services.GetRequiredService<TelegramOutbox>().EnqueueAsync([new OutboxMessage("recover:1", 71, "left in flight")]);
            await first.ExecuteAsync("UPDATE telegram_outbox SET status = 'sending', attempts = 1");
            await first.ExecuteAsync("CREATE TRIGGER no_recovery BEFORE UPDATE OF status ON telegram_outbox WHEN OLD.status = 'sending' AND NEW.status = 'pending' BEGIN SELECT RAISE(ABORT, 'injected: database is locked'); END");
        }
        var before = Failures(OutboxSenderWorker.WorkerName);
        using var second = new TelegramTestHost(fake, database).Start();
        await FailedAtLeastOnceAsync(OutboxSenderWorker.WorkerName, before);
        await second.ExecuteAsync("DROP TRIGGER no_recovery");

        await fake.WaitForAsync(71, m => m.Text == "left in flight");
        Assert.That(fake.To(71), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TelegramPolling_SavingTheOffsetFails_KeepsAnsweringUpdates()
    {
        const long User = 7_100_001;
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var before = Failures("TelegramPollingWorker");
        await host.ExecuteAsync("CREATE TRIGGER no_offset_insert BEFORE INSERT ON telegram_state BEGIN SELECT RAISE(ABORT, 'injected: disk I/O error'); END");
        await host.ExecuteAsync("CREATE TRIGGER no_offset_update BEFORE UPDATE ON telegram_state BEGIN SELECT RAISE(ABORT, 'injected: disk I/O error'); END");

        fake.SendText(User, "/start");
        await fake.WaitForAsync(User, _ => true);
        await FailedAtLeastOnceAsync("TelegramPollingWorker", before);
        // The fault stays: polling goes on from the offset in memory.
        fake.SendText(User, "/start");
        await fake.WaitForAsync(User, _ => true, skip: 1);
        Assert.That(await host.ScalarAsync<long>("SELECT COUNT(*) FROM telegram_state"), Is.Zero, "the fault was in place throughout");
    }

    [Test]
    public async Task BacktestRunWorker_StartingARunFails_RetriesAndFinishesThatRunAndTheNext()
    {
        using var host = QuietHost();
        host.Settings["Backtest:DataFolder"] = BacktestFixture.DataDirectory;
        var store = host.Services.GetRequiredService<BacktestRunStore>();
        var worker = host.Services.GetRequiredService<BacktestRunWorker>();
        await ExecuteAsync(host, "CREATE TRIGGER no_start BEFORE UPDATE OF status ON backtest_runs WHEN NEW.status = 'running' BEGIN SELECT RAISE(ABORT, 'injected: database is locked'); END");
        var before = Failures(BacktestRunWorker.WorkerName);
        var first = await store.InsertAsync("ETHUSDT", "1h", new DateTimeOffset(2022, 8, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), null, 1, CancellationToken.None);
        worker.Enqueue(first);
        await FailedAtLeastOnceAsync(BacktestRunWorker.WorkerName, before);
        await ExecuteAsync(host, "DROP TRIGGER no_start");
        var second = await store.InsertAsync("BTCUSDT", "1h", new DateTimeOffset(2022, 8, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), null, 1, CancellationToken.None);
        worker.Enqueue(second);

        await FakeBotApi.WaitUntilAsync(async () => (await store.GetAsync(second, CancellationToken.None))?.Status == "done", TimeSpan.FromMinutes(3), "the next run done");
        Assert.That((await store.GetAsync(first, CancellationToken.None))?.Status, Is.EqualTo("done"), "the run whose start failed ran once the database answered");
    }

    [Test]
    public async Task MLOpsJobWorker_StartingAJobFails_RetriesAndSettlesThatJobAndTheNext()
    {
        using var host = QuietHost();
        var store = host.Services.GetRequiredService<MLOpsJobStore>();
        var worker = host.Services.GetRequiredService<MLOpsJobWorker>();
        await ExecuteAsync(host, "CREATE TRIGGER no_start BEFORE UPDATE OF status ON mlops_jobs WHEN NEW.status = 'running' BEGIN SELECT RAISE(ABORT, 'injected: database is locked'); END");
        var before = Failures(MLOpsJobWorker.WorkerName);
        var first = await store.InsertAsync(null, 1, CancellationToken.None);
        worker.Enqueue(first);
        await FailedAtLeastOnceAsync(MLOpsJobWorker.WorkerName, before);
        await ExecuteAsync(host, "DROP TRIGGER no_start");
        var second = await store.InsertAsync(null, 1, CancellationToken.None);
        worker.Enqueue(second);

        // An empty database has nothing to train on: each job ends (failed, with the reason), which is the worker going on.
        await FakeBotApi.WaitUntilAsync(async () => (await store.GetAsync(second, CancellationToken.None))?.Status is "done" or "failed", TimeSpan.FromMinutes(3), "the next job settled");
        Assert.That((await store.GetAsync(first, CancellationToken.None))?.Status, Is.AnyOf("done", "failed"), "the job whose start failed was run once the database answered");
    }

    /// <summary>The periodic workers (health monitor, positions reconciler) share <see cref="PeriodicWorker"/>: a failing tick is counted and the next tick runs.</summary>
    [Test]
    public async Task PeriodicWorker_TickThrows_IsCountedAndTheNextTickRuns()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var heartbeats = new WorkerHeartbeats(TimeProvider.System);
        var worker = new FlakyWorker(services.GetRequiredService<IServiceScopeFactory>(), heartbeats);
        var before = Failures(FlakyWorker.WorkerName);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await FakeBotApi.WaitUntilAsync(() => worker.Succeeded > 0, TimeSpan.FromSeconds(30), "a tick after the failing ones succeeded");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Failures(FlakyWorker.WorkerName) - before, Is.EqualTo(2), "both failing ticks counted");
            Assert.That(heartbeats.Snapshot().Single().LastBeat, Is.GreaterThan(heartbeats.Snapshot().Single().LastFailure!.Value), "beating again");
        });
    }

    private static AtraHostFactory QuietHost()
    {
        var host = new AtraHostFactory();
        var noCandles = Path.Combine(host.DataFolder, "no-candles");
        Directory.CreateDirectory(noCandles);
        host.Settings["Market:Replay:Folder"] = noCandles;
        return host;
    }

    private static async Task ExecuteAsync(AtraHostFactory host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<Atra.Modules.Shared.Persistence.IDbConnectionFactory>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql);
    }

    private sealed class FlakyWorker(IServiceScopeFactory scopes, IWorkerHeartbeats heartbeats)
        : PeriodicWorker(scopes, heartbeats, TimeProvider.System, NullLogger.Instance)
    {
        public const string WorkerName = "FlakyTestWorker";
        private int _ticks;
        private int _succeeded;

        public int Succeeded => Volatile.Read(ref _succeeded);

        protected override string Name => WorkerName;

        protected override TimeSpan Period => TimeSpan.FromMilliseconds(50);

        protected override Task TickAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _ticks) <= 2)
            {
                throw new InvalidOperationException("injected: database is locked");
            }
            Interlocked.Increment(ref _succeeded);
            return Task.CompletedTask;
        }
    }
}
