using System.Globalization;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Tests.Fakes;

namespace Atra.Tests.Positions;

/// <summary>
/// A user who accepts every signal of the real BTC/ETH test candles, replayed through the live scanner: their
/// positions follow the signals (DCA, TP1, breakeven, stop), profits match STRATEGY.md's formula, the ledger
/// reconciles, and a restart (with or without lost events) ends exactly where an uninterrupted run does.
/// </summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class PositionLifecycleTests(StorageProvider engine)
{
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-positions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task FollowingRealSignals_EveryClosedPosition_ProfitIsProfitPctTimesEntryNotional()
    {
        var run = await ReplayAsync(Sub("plain"), restartAt: null, dropFrom: null);
        var closed = run.Positions.Where(p => p.Status == "closed").ToList();
        TestContext.Out.WriteLine($"{run.Positions.Count} positions, {closed.Count} closed, {run.Transactions.Count} transactions, "
            + $"{closed.Count(p => p.Dca)} with DCA, {closed.Count(p => p.Tp1)} through TP1");
        Assert.That(closed, Has.Count.GreaterThan(10));
        Assert.Multiple(() =>
        {
            Assert.That(closed.Any(p => p.ExitReason == "breakeven" && p.Tp1), Is.True, "a position through TP1 then breakeven");
            Assert.That(closed.Any(p => p.ExitReason == "stop_loss" && p.Dca), Is.True, "a position through DCA then the stop");
        });
        foreach (var p in closed)
        {
            var expected = p.SignalProfitPct * p.EntryNotional;
            // Lot rounding: quantities are rounded to 8 decimals, so the DCA is not exactly half and TP1 not exactly half held.
            Assert.That(p.RealizedPnl, Is.EqualTo(expected).Within(p.EntryNotional * 0.000001m),
                $"position {p.Id} ({p.ExitReason}, dca {p.Dca}, tp1 {p.Tp1})");
        }
    }

    [Test]
    public async Task Ledger_EveryTransaction_ReconcilesToTheBalance()
    {
        var run = await ReplayAsync(Sub("ledger"), restartAt: null, dropFrom: null);
        var t = run.Transactions;
        Assert.That(t, Is.Not.Empty);
        var balance = 10_000m;
        foreach (var x in t)
        {
            Assert.That(x.BalanceBefore, Is.EqualTo(balance), $"transaction {x.Id} starts where the previous one ended");
            Assert.That(x.BalanceAfter, Is.EqualTo(x.BalanceBefore + x.Pnl - x.Fee), $"transaction {x.Id}");
            balance = x.BalanceAfter;
        }
        Assert.Multiple(() =>
        {
            Assert.That(balance, Is.EqualTo(10_000m + t.Sum(x => x.Pnl) - t.Sum(x => x.Fee)), "balance = deposit + Σ pnl − Σ fee");
            foreach (var p in run.Positions)
            {
                var own = t.Where(x => x.PositionId == p.Id).ToList();
                Assert.That(p.RealizedPnl, Is.EqualTo(own.Sum(x => x.Pnl) - own.Sum(x => x.Fee)), $"position {p.Id}: realized = Σ (pnl − fee)");
                Assert.That(own.Where(x => x.Type == "open").Sum(x => x.Fee), Is.EqualTo(0.0004m * own.Single(x => x.Type == "open").Price * own.Single(x => x.Type == "open").Quantity));
            }
        });
    }

    [Test]
    public async Task Restart_MidLifecycle_SameTransactionsAndBalances()
    {
        var plain = await ReplayAsync(Sub("a"), restartAt: null, dropFrom: null);
        var restarted = await ReplayAsync(Sub("b"), restartAt: 3000, dropFrom: null);
        Assert.That(Ledger(restarted), Is.EqualTo(Ledger(plain)));
        Assert.That(restarted.Positions.Select(Key), Is.EqualTo(plain.Positions.Select(Key)));
    }

    [Test]
    public async Task Restart_AfterEventsLostWhileDown_ReconciledToTheSameTransactions()
    {
        var plain = await ReplayAsync(Sub("a"), restartAt: null, dropFrom: null);
        // Candles 2000–3999 are scanned while Positions never hears of a DCA, TP1 or close; then a normal start.
        var lost = await ReplayAsync(Sub("c"), restartAt: 4000, dropFrom: 2000);
        TestContext.Out.WriteLine($"{lost.DroppedLifecycleSignals} positions behind their signal at the restart");
        Assert.That(lost.DroppedLifecycleSignals, Is.GreaterThan(0), "some signal moved while its events were lost");
        Assert.That(lost.Positions.Select(Key), Is.EqualTo(plain.Positions.Select(Key)));
        // The exact candle of a lost DCA or TP1 is not stored, so only their times may differ.
        Assert.That(Ledger(lost, withTimes: false), Is.EqualTo(Ledger(plain, withTimes: false)));
        Assert.That(lost.Transactions[^1].BalanceAfter, Is.EqualTo(plain.Transactions[^1].BalanceAfter));
    }

    [Test]
    public async Task LifecycleEvents_PublishedTwice_BookedOnce()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine);
        var user = await host.CreateUserAsync("twice");
        var signalId = await InsertSignalAsync(host);
        Assert.That((await host.Mediator.Send(new OpenPositionCommand(user, signalId))).Outcome, Is.EqualTo(OpenPositionOutcome.Opened));
        Assert.That((await host.Mediator.Send(new OpenPositionCommand(user, signalId))).Outcome, Is.EqualTo(OpenPositionOutcome.AlreadyOpen));
        for (var i = 0; i < 2; i++)
        {
            await host.Mediator.Publish(new SignalDcaFilled(signalId, "BTCUSDT", 3_600_000, 99.25m, 0.5, 100m));
            await host.Mediator.Publish(new SignalTp1Hit(signalId, "BTCUSDT", 7_200_000, 103m, 0.5, 100m));
            await host.Mediator.Publish(new SignalClosed(signalId, "BTCUSDT", TradeSide.Long, 10_800_000, ExitReason.Breakeven, 101m, 100m, 0.01, "win", true, 1, 100m));
        }
        var types = await host.QueryAsync<string>("SELECT transaction_type FROM transactions ORDER BY id");
        Assert.That(types, Is.EqualTo(new[] { "open", "dca", "tp1", "close" }));
        // Summed over the days (the open's and the close's rows): a bare first row depends on the engine's row order.
        Assert.That(await host.ScalarAsync<long>("SELECT sum(closed_signals) FROM signal_statistics WHERE user_id IS NULL AND symbol = '*'"), Is.EqualTo(1));
    }

    [Test]
    public async Task ClosedCandle_OpenPosition_MarkedToMarket_AlsoAfterARestart()
    {
        long user, signalId;
        await using (var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine))
        {
            user = await host.CreateUserAsync("marked");
            signalId = await InsertSignalAsync(host);
            Assert.That((await host.Mediator.Send(new OpenPositionCommand(user, signalId))).Outcome, Is.EqualTo(OpenPositionOutcome.Opened));
            // Between the DCA (98.5) and TP1 (103), so the signal itself does not move.
            await host.PublishCandleAsync("BTCUSDT", new Candle(1_800_000_000_000, 101, 101, 101, 101, 1));
            await AssertMarkedAsync(host, 101m);
        }
        // A new process learns which symbols hold open positions from the database.
        await using (var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine))
        {
            await host.PublishCandleAsync("BTCUSDT", new Candle(1_800_003_600_000, 102, 102, 102, 102, 1));
            await AssertMarkedAsync(host, 102m);
        }

        async Task AssertMarkedAsync(PositionsTestHost host, decimal price)
        {
            var (current, quantity, unrealized) = (await host.QueryAsync<(string, string, string)>(
                "SELECT current_price, open_quantity, unrealized_pnl FROM positions WHERE signal_id = @Id", new { Id = signalId })).Single();
            Assert.That(decimal.Parse(current, CultureInfo.InvariantCulture), Is.EqualTo(price));
            var expected = Math.Round((price - 100m) * decimal.Parse(quantity, CultureInfo.InvariantCulture), 8);
            Assert.That(decimal.Parse(unrealized, CultureInfo.InvariantCulture), Is.EqualTo(expected).Within(1e-6m));
        }
    }

    internal static async Task<long> InsertSignalAsync(PositionsTestHost host, string side = "long", string status = "open", string symbol = "BTCUSDT")
    {
        const string sql = """
            INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct, filter_mode, status, signal_time, created_at)
            VALUES (@Symbol, @Side, '100', '103', '106', '97', '98.5', '1', 'soft', @Status, @Time, @Time)
            RETURNING id;
            """;
        return await host.ScalarAsync<long>(sql, new { Symbol = symbol, Side = side, Status = status, Time = 1_700_000_000_000L + Random.Shared.Next() });
    }

    private string Sub(string name)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Replays both files; restarts the modules before candle <paramref name="restartAt"/>; loses lifecycle events from <paramref name="dropFrom"/> to the restart.</summary>
    private async Task<Run> ReplayAsync(string folder, int? restartAt, int? dropFrom)
    {
        var candles = PositionsTestHost.ReplayOrder();
        var store = new ReplayCandles();
        var host = PositionsTestHost.Start(folder, store, engine: engine);
        var user = await host.CreateUserAsync("follower");
        var dropped = 0;
        for (var k = 0; k < candles.Count; k++)
        {
            if (k == dropFrom)
            {
                await host.DisposeAsync();
                host = PositionsTestHost.Start(folder, store, dropLifecycleEvents: true, engine: engine);
            }
            if (k == restartAt)
            {
                dropped = dropFrom is null ? 0 : await host.ScalarAsync<int>(
                    "SELECT COUNT(*) FROM positions p JOIN enhanced_signals s ON s.id = p.signal_id WHERE p.status = 'open' AND (s.status <> 'open' OR s.dca_fill_price IS NOT NULL)");
                await host.DisposeAsync();
                host = PositionsTestHost.Start(folder, store, engine: engine);
                await host.ReconcileAsync();
            }
            var (symbol, candle) = candles[k];
            await host.PublishCandleAsync(symbol, candle);
            await host.AcceptNewSignalsAsync(user);
        }
        var positions = await host.QueryAsync<PositionFacts>("""
            SELECT p.id AS Id, p.status AS Status, p.exit_reason AS ExitReason, p.realized_pnl AS RealizedPnlText, p.entry_notional AS EntryNotionalText,
                s.profit_pct AS ProfitPctText, s.dca_count AS DcaCount, s.tp1_exit_price AS Tp1ExitPrice, p.quantity AS Quantity, p.open_quantity AS OpenQuantity,
                p.entry_price AS EntryPrice, p.exit_price AS ExitPrice, p.closed_at AS ClosedAt
            FROM positions p JOIN enhanced_signals s ON s.id = p.signal_id ORDER BY p.id
            """);
        var transactions = await host.QueryAsync<TransactionFacts>("""
            SELECT id AS Id, position_id AS PositionId, transaction_type AS Type, side AS Side, price AS PriceText, quantity AS QuantityText, fee AS FeeText,
                pnl AS PnlText, balance_before AS BeforeText, balance_after AS AfterText, created_at AS CreatedAt
            FROM transactions ORDER BY id
            """);
        await host.DisposeAsync();
        return new Run(positions, transactions, dropped);
    }

    private static List<string> Ledger(Run run, bool withTimes = true) =>
        [.. run.Transactions
            .OrderBy(t => t.PositionId).ThenBy(t => t.Type, StringComparer.Ordinal)
            .Select(t => string.Join('|', t.PositionId, t.Type, t.Side, t.PriceText, t.QuantityText, t.FeeText, t.PnlText,
                withTimes ? t.BeforeText : "", withTimes ? t.AfterText : "", withTimes && t.Type != "open" ? t.CreatedAt : 0))];

    private static string Key(PositionFacts p) =>
        string.Join('|', p.Id, p.Status, p.ExitReason, p.RealizedPnlText, p.EntryNotionalText, p.Quantity, p.OpenQuantity, p.EntryPrice, p.ExitPrice, p.ClosedAt);

    private sealed record Run(List<PositionFacts> Positions, List<TransactionFacts> Transactions, int DroppedLifecycleSignals);

    private sealed class PositionFacts
    {
        public long Id { get; set; }
        public string Status { get; set; } = "";
        public string? ExitReason { get; set; }
        public string RealizedPnlText { get; set; } = "0";
        public string EntryNotionalText { get; set; } = "0";
        public string? ProfitPctText { get; set; }
        public long DcaCount { get; set; }
        public string? Tp1ExitPrice { get; set; }
        public string Quantity { get; set; } = "";
        public string OpenQuantity { get; set; } = "";
        public string EntryPrice { get; set; } = "";
        public string? ExitPrice { get; set; }
        public long? ClosedAt { get; set; }

        public decimal RealizedPnl => decimal.Parse(RealizedPnlText, CultureInfo.InvariantCulture);
        public decimal EntryNotional => decimal.Parse(EntryNotionalText, CultureInfo.InvariantCulture);
        public decimal SignalProfitPct => (decimal)double.Parse(ProfitPctText!, CultureInfo.InvariantCulture);
        public bool Dca => DcaCount > 0;
        public bool Tp1 => Tp1ExitPrice is not null;
    }

    private sealed class TransactionFacts
    {
        public long Id { get; set; }
        public long PositionId { get; set; }
        public string Type { get; set; } = "";
        public string Side { get; set; } = "";
        public string PriceText { get; set; } = "";
        public string QuantityText { get; set; } = "";
        public string FeeText { get; set; } = "";
        public string PnlText { get; set; } = "";
        public string BeforeText { get; set; } = "";
        public string AfterText { get; set; } = "";
        public long CreatedAt { get; set; }

        public decimal Pnl => decimal.Parse(PnlText, CultureInfo.InvariantCulture);
        public decimal Fee => decimal.Parse(FeeText, CultureInfo.InvariantCulture);
        public decimal Price => decimal.Parse(PriceText, CultureInfo.InvariantCulture);
        public decimal Quantity => decimal.Parse(QuantityText, CultureInfo.InvariantCulture);
        public decimal BalanceBefore => decimal.Parse(BeforeText, CultureInfo.InvariantCulture);
        public decimal BalanceAfter => decimal.Parse(AfterText, CultureInfo.InvariantCulture);
    }
}
