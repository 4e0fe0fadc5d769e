using Atra.Modules.MLOps.Registry;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Tests.Backtest;
using Atra.Tests.Signals;

namespace Atra.Tests.MLOps;

/// <summary>
/// The trained champion applied live and in a backtest gives the same signals: a replay through the scan worker, with
/// the service's own serving model reading the registry (as <c>atra serve</c> does), against the backtest runner with
/// the ML filter on and the same champion (as <c>atra backtest --ml</c> does), on the same real candles.
/// </summary>
public sealed class ChampionParityTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("atra-champion-parity-").FullName;

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task LiveReplayWithChampion_SameSignalsAndProbabilitiesAsBacktestMl()
    {
        var registryFolder = Path.Combine(_folder, "models");
        var registry = MLOpsTestModel.RegistryWithModel(registryFolder);
        registry.Move(a => (a with { Champion = 1, Champions = [1] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", null, 1, "test", "test")));
        using var serving = RegistryTests.Serving(registry);
        var backtest = BacktestFixture.Runner(model: serving).Run(BacktestFixture.Request() with { UseMl = true });
        var plain = BacktestFixture.Runner().Run(BacktestFixture.Request());

        // Not vacuous: the champion judged every kept signal and removed some.
        Assert.That(backtest.Trades, Is.Not.Empty);
        Assert.That(backtest.Trades, Has.Count.LessThan(plain.Trades.Count));
        Assert.That(backtest.Trades.Select(t => t.Features.MlProbability), Has.All.InRange(0.5, 1.0));

        var settings = new Dictionary<string, string?> { ["MLOps:RegistryFolder"] = registryFolder, ["MLOps:AutomationEnabled"] = "false" };
        await using var scan = new ScanHarness(Directory.CreateDirectory(Path.Combine(_folder, "live")).FullName, settings);
        foreach (var (symbol, candle) in ScanHarness.ReplayOrder(BacktestFixture.DataDirectory, "ETHUSDT", "BTCUSDT"))
        {
            await scan.HandleAsync(symbol, candle);
        }
        var rows = await scan.RowsAsync();

        Assert.That(rows, Has.Count.EqualTo(backtest.Trades.Count));
        for (var i = 0; i < rows.Count; i++)
        {
            var t = backtest.Trades[i];
            var r = rows[i];
            Assert.That((r.Symbol, r.SignalTime, r.Side, r.FilterMode), Is.EqualTo((t.Symbol, t.SignalTimeMs, t.Side.ToText(), t.Mode.ToText())), $"signal {i + 1}");
            Assert.That(r.Ml, Is.EqualTo(t.Features.MlProbability), $"signal {i + 1}: the stored ml_probability is the backtest's");
            if (t.ExitReason != ExitReason.EndOfData)
            {
                Assert.That((r.ExitReason, r.ExitTs), Is.EqualTo((t.ExitReason.ToText(), t.ExitTimeMs)), $"signal {i + 1}");
            }
        }
    }
}
