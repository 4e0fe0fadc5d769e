using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Backtest;
using Atra.Tests.Fakes;
using Microsoft.Extensions.Configuration;

namespace Atra.Tests.Signals;

/// <summary>
/// The signals of a replay through the live scan worker (CandleClosed one by one, SQLite store) equal those of the
/// backtest on the same files; also across a restart in the middle (open signals resume from the database), and with
/// every risk guard on and a probability model active (both go through the one shared step, at the same points).
/// </summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class LiveBacktestParityTests(StorageProvider engine)
{
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-parity-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Every guard on, tight enough to stop some signals of these files.</summary>
    private static readonly Dictionary<string, string?> Guards = new()
    {
        ["Risk:Guards:Cooldown:Enabled"] = "true",
        ["Risk:Guards:Cooldown:Duration"] = "1.00:00:00",
        ["Risk:Guards:StoplossGuard:Enabled"] = "true",
        ["Risk:Guards:StoplossGuard:TradeLimit"] = "2",
        ["Risk:Guards:StoplossGuard:Lookback"] = "5.00:00:00",
        ["Risk:Guards:StoplossGuard:LockDuration"] = "2.00:00:00",
        ["Risk:Guards:MaxOpenSignals:Enabled"] = "true",
        ["Risk:Guards:MaxOpenSignals:Limit"] = "1",
    };

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task Replay_ThroughScanWorker_SameSignalsAsBacktest(bool restartHalfway, bool guardsAndModel)
    {
        var model = new ParityModel();
        var settings = guardsAndModel ? Guards : [];
        var backtest = Backtest(settings, guardsAndModel ? model : null);
        if (guardsAndModel)
        {
            // Not vacuous: the guards and the model change the outcome, and the model judged the candidates.
            var plain = Backtest([], null);
            Assert.That(backtest.Trades, Has.Count.LessThan(plain.Trades.Count));
            Assert.That(backtest.Trades.Select(t => t.Features.MlProbability), Has.All.Not.NaN);
            Assert.That(plain.Trades.Select(t => t.Features.MlProbability), Has.All.NaN);
        }
        var calls = model.Calls;
        var candles = ScanHarness.ReplayOrder(BacktestFixture.DataDirectory, "ETHUSDT", "BTCUSDT");
        await using var scan = new ScanHarness(_folder, settings, guardsAndModel ? model : null, engine: engine);
        var half = candles.Count / 2;
        for (var k = 0; k < candles.Count; k++)
        {
            if (restartHalfway && k == half)
            {
                await scan.RestartAsync();
            }
            var (symbol, candle) = candles[k];
            await scan.HandleAsync(symbol, candle);
            if (symbol == "BTCUSDT" && k % 20 == 1)
            {
                await AssertOpenStateWrittenAsync(scan, candle.OpenTimeMs);
            }
        }

        var rows = await scan.RowsAsync();
        if (guardsAndModel && !restartHalfway)
        {
            // The live path asked the model for the same candidates as the backtest (the guards stop them before it in both).
            Assert.That(model.Calls - calls, Is.EqualTo(calls));
        }

        Assert.That(rows, Has.Count.EqualTo(backtest.Trades.Count));
        for (var i = 0; i < rows.Count; i++)
        {
            var t = backtest.Trades[i];
            var r = rows[i];
            Assert.That((r.Symbol, r.SignalTime, r.Side, r.FilterMode), Is.EqualTo((t.Symbol, t.SignalTimeMs, t.Side.ToText(), t.Mode.ToText())), $"signal {i + 1}");
            Assert.That(r.Ml ?? double.NaN, Is.EqualTo(t.Features.MlProbability), $"signal {i + 1}");
            // The levels, rounded once at creation to the grid the candles are quoted on (0.01 here), are one number everywhere.
            var levels = new[] { t.Levels.Entry, t.Levels.Sl, t.Levels.Tp1, t.Levels.Tp2, t.Levels.Dca };
            Assert.That(new[] { r.EntryPrice, r.SlPrice, r.Tp1Price, r.Tp2Price, r.DcaPrice }, Is.EqualTo(levels.Select(PriceTick.Text)), $"signal {i + 1}");
            Assert.That(levels.Select(PriceTick.ToDecimal).Select(p => p % 0.01m), Has.All.EqualTo(0m), $"signal {i + 1}");
            if (t.ExitReason == ExitReason.EndOfData)
            {
                Assert.That(r.Status, Is.Not.EqualTo("closed"));
                continue;
            }
            Assert.That((r.Status, r.ExitReason, r.ExitTs), Is.EqualTo(("closed", t.ExitReason.ToText(), t.ExitTimeMs)), $"signal {i + 1}");
            Assert.That(double.Parse(r.ProfitPct!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(t.ProfitPct), $"signal {i + 1}");
        }
    }

    /// <summary>
    /// BTC's candle completes the round (both symbols have the candle of that time): the lifecycle state of every
    /// open signal, written for the round in one transaction, is then in the database up to that candle.
    /// </summary>
    private static async Task AssertOpenStateWrittenAsync(ScanHarness scan, long roundMs)
    {
        foreach (var row in (await scan.RowsAsync()).Where(r => r.Status != "closed"))
        {
            Assert.That(row.LastCandleTime ?? row.SignalTime, Is.EqualTo(roundMs), $"signal {row.Id} after the round of {roundMs}");
        }
    }

    private static Atra.Modules.Backtest.Contracts.BacktestResult Backtest(Dictionary<string, string?> settings, ISignalProbabilityModel? model)
    {
        var risk = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RiskSettings.SectionName).Get<RiskSettings>() ?? new RiskSettings();
        return BacktestFixture.Runner(risk, model).Run(BacktestFixture.Request() with { UseMl = model is not null });
    }

    /// <summary>
    /// A deterministic stand-in for a trained model: a pseudo-random probability from the candidate's features (some
    /// below the soft threshold, some between soft and strict), out of range when ADX is high (never strict then).
    /// </summary>
    private sealed class ParityModel : ISignalProbabilityModel
    {
        private int _calls;

        public int Calls => _calls;

        public bool IsActive => true;

        public MlVerdict Predict(in SignalCandidate candidate)
        {
            Interlocked.Increment(ref _calls);
            var x = candidate.Features.Rsi14 * 7.31 + candidate.Features.VolumeRatio * 3.7;
            var p = 0.3 + 0.6 * (x - Math.Floor(x));
            return new MlVerdict(p, candidate.Features.Adx14 > 40, 1);
        }
    }
}
