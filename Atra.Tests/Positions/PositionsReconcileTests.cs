using Atra.Modules.Positions;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Positions;

/// <summary>Issue 13 item 8: positions never fall behind their signal for longer than one reconciliation interval.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class PositionsReconcileTests(StorageProvider engine)
{
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-reconcile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Booking a SignalClosed fails (a real write fault: a trigger aborts the position's close); once the fault is
    /// gone, the running service's periodic reconciliation closes the position, with no restart and no new event.
    /// </summary>
    [Test]
    public async Task SignalClosedFailedToBook_PeriodicReconciliation_ClosesThePositionWithoutARestart()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), settings: new() { ["Positions:ReconcileInterval"] = "00:00:00.050" }, engine: engine);
        var user = await host.CreateUserAsync("behind");
        var signalId = await PositionLifecycleTests.InsertSignalAsync(host);
        Assert.That((await host.Mediator.Send(new OpenPositionCommand(user, signalId))).Outcome, Is.EqualTo(OpenPositionOutcome.Opened));
        var reconciler = host.Services.GetRequiredService<PositionsReconciler>();
        await reconciler.StartAsync(CancellationToken.None);
        try
        {
            await host.ExecuteAsync(FaultTrigger.Create(engine, "BEFORE UPDATE OF status", "positions", "NEW.status = 'closed'"));
            await host.ExecuteAsync("""
                UPDATE enhanced_signals SET status = 'closed', result = 'win', exit_reason = 'take_profit_2', exit_price = '106', profit_pct = '0.05',
                    exit_ts = 1800000000000, final_exit_price = '106' WHERE id = @Id
                """, new { Id = signalId });
            await host.Mediator.Publish(new SignalClosed(signalId, "BTCUSDT", TradeSide.Long, 1_800_000_000_000, ExitReason.TakeProfit2, 106m, 100m, 0.05, "win", false, 0, 106m));
            Assert.That(await StatusAsync(host, signalId), Is.EqualTo("open"), "the injected fault held the booking back");

            await host.ExecuteAsync(FaultTrigger.Drop(engine, "positions"));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await StatusAsync(host, signalId) == "open" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.That(await StatusAsync(host, signalId), Is.EqualTo("closed"));
            Assert.That(await host.ScalarAsync<string>("SELECT exit_reason FROM positions WHERE signal_id = @Id", new { Id = signalId }), Is.EqualTo("take_profit_2"));
        }
        finally
        {
            await reconciler.StopAsync(CancellationToken.None);
        }
    }

    private static Task<string> StatusAsync(PositionsTestHost host, long signalId) =>
        host.ScalarAsync<string>("SELECT status FROM positions WHERE signal_id = @Id", new { Id = signalId });
}
