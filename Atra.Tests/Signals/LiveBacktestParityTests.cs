using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.Risk;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Scanning;
using Atra.Tests.Backtest;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atra.Tests.Signals;

/// <summary>
/// The signals of a replay through the live scan worker (CandleClosed one by one, SQLite store) equal those of the
/// backtest on the same files; also across a restart in the middle (open signals resume from the database), and with
/// every risk guard on and a probability model active (both go through the one shared step, at the same points).
/// </summary>
public sealed class LiveBacktestParityTests
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
        var candles = ReplayOrder();
        var store = new ReplayCandleStore();
        var provider = Build(store, settings, guardsAndModel ? model : null);
        var half = candles.Count / 2;
        for (var k = 0; k < candles.Count; k++)
        {
            if (restartHalfway && k == half)
            {
                await provider.DisposeAsync();
                provider = Build(store, settings, guardsAndModel ? model : null);
            }
            var (symbol, candle) = candles[k];
            store.Add(symbol, candle);
            await provider.GetRequiredService<SignalScanWorker>().Handle(new CandleClosed(symbol, "1h", candle), CancellationToken.None);
            if (symbol == "BTCUSDT" && k % 20 == 1)
            {
                await AssertOpenStateWrittenAsync(provider, candle.OpenTimeMs);
            }
        }

        await using var connection = await provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var rows = (await connection.QueryAsync<(string Symbol, long SignalTime, string Side, string FilterMode, string Status, string? ExitReason, long? ExitTs, string? ProfitPct, double? Ml)>(
            "SELECT symbol, signal_time, side, filter_mode, status, exit_reason, exit_ts, profit_pct, ml_probability FROM enhanced_signals ORDER BY signal_time, symbol")).ToList();
        await provider.DisposeAsync();
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
    private static async Task AssertOpenStateWrittenAsync(IServiceProvider provider, long roundMs)
    {
        await using var connection = await provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var open = (await connection.QueryAsync<(long Id, long SignalTime, long? LastCandleTime)>(
            "SELECT id, signal_time, last_candle_time FROM enhanced_signals WHERE status <> 'closed'")).ToList();
        foreach (var row in open)
        {
            Assert.That(row.LastCandleTime ?? row.SignalTime, Is.EqualTo(roundMs), $"signal {row.Id} after the round of {roundMs}");
        }
    }

    /// <summary>Both files merged by open time; at equal times ETH comes before BTC, so the BTC wait is exercised.</summary>
    private static List<(string Symbol, Candle Candle)> ReplayOrder()
    {
        var list = new List<(string, Candle)>();
        foreach (var symbol in new[] { "ETHUSDT", "BTCUSDT" })
        {
            var s = CandleCsvReader.ReadFile(Path.Combine(BacktestFixture.DataDirectory, $"{symbol}-1h.csv"));
            for (var i = 0; i < s.Count; i++)
            {
                list.Add((symbol, s[i]));
            }
        }
        return [.. list.OrderBy(x => x.Item2.OpenTimeMs).ThenBy(x => x.Item1 == "BTCUSDT" ? 1 : 0)];
    }

    private static Atra.Modules.Backtest.Contracts.BacktestResult Backtest(Dictionary<string, string?> settings, ISignalProbabilityModel? model)
    {
        var risk = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RiskSettings.SectionName).Get<RiskSettings>() ?? new RiskSettings();
        return BacktestFixture.Runner(risk, model).Run(BacktestFixture.Request() with { UseMl = model is not null });
    }

    private ServiceProvider Build(ICandleStore candleStore, Dictionary<string, string?> settings, ISignalProbabilityModel? model)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite"] = Path.Combine(_folder, "atra.db"),
            ["Storage:BackupFolder"] = Path.Combine(_folder, "backups"),
            ["Signals:WarmupCandles"] = "100000",
        }).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Every module, as the host registers them: the mediator resolves all handlers on first use, so a partial
        // graph would fail there. The candle store is the replay's own.
        Atra.Host.Program.AddModules(services, configuration);
        services.RemoveAll<ICandleStore>();
        services.AddSingleton(candleStore);
        if (model is not null)
        {
            services.AddSingleton(model);
        }
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MigrationRunner>().Run();
        return provider;
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

    /// <summary>The candles published so far, as MarketData's store would hold them after a restart.</summary>
    private sealed class ReplayCandleStore : ICandleStore
    {
        private readonly Dictionary<string, List<Candle>> _candles = [];

        public void Add(string symbol, Candle candle)
        {
            if (!_candles.TryGetValue(symbol, out var list))
            {
                _candles[symbol] = list = [];
            }
            list.Add(candle);
        }

        public IReadOnlyList<Candle> Window(string symbol, string interval) => _candles.TryGetValue(symbol, out var list) ? [.. list] : [];

        public bool TryGetLast(string symbol, string interval, out Candle candle)
        {
            candle = default;
            return _candles.TryGetValue(symbol, out var list) && list.Count > 0 && (candle = list[^1]) == list[^1];
        }

        public IReadOnlyList<string> Symbols(string interval) => [.. _candles.Keys.Order(StringComparer.Ordinal)];
    }
}
