using Atra.Modules.Positions.Contracts;
using Atra.Modules.Positions.Statistics;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Fakes;

namespace Atra.Tests.Positions;

/// <summary>One test per rule of <c>signal_statistics</c>, with numbers worked out by hand.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class StatisticsTests(StorageProvider engine)
{
    private const long Day1 = 1_709_251_200_000; // 2024-03-01T00:00Z
    private const long Day2 = Day1 + 86_400_000;
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-stats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Sharpe_TwoDays_MeanOverSampleStddevTimesSqrt365()
    {
        // Returns 0.01 and 0.03: mean 0.02, sample sd √((0.01² + 0.01²) / 1) = 0.0141421…, ratio √2, × √365 = 27.0185122.
        Assert.That(SharpeRatio.Annualised([0.01, 0.03]), Is.EqualTo(27.0185122).Within(1e-6));
    }

    [Test]
    public void Sharpe_OneDayOrNoSpread_Null()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SharpeRatio.Annualised([0.05]), Is.Null);
            Assert.That(SharpeRatio.Annualised([0.02, 0.02, 0.02]), Is.Null);
        });
    }

    [Test]
    public void Sharpe_DaysWithoutCloses_CountAsZero()
    {
        var series = SharpeRatio.ZeroFilled([(new DateOnly(2024, 3, 1), 0.01), (new DateOnly(2024, 3, 3), 0.03)]);
        Assert.That(series, Is.EqualTo(new[] { 0.01, 0d, 0.03 }));
    }

    [Test]
    public async Task SignalGenerated_CountsTotalPerDayAndSymbol_Once()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine);
        await host.Mediator.Publish(Generated(1, "BTCUSDT", Day1));
        await host.Mediator.Publish(Generated(2, "ETHUSDT", Day1 + 3_600_000));
        await host.Mediator.Publish(Generated(3, "BTCUSDT", Day2));
        await host.Mediator.Publish(Generated(1, "BTCUSDT", Day1)); // re-published: not counted again

        var s = await host.Mediator.Send(new GetStatisticsQuery(null));
        Assert.Multiple(() =>
        {
            Assert.That(s.Totals.Total, Is.EqualTo(3));
            Assert.That(s.ByDay.Select(d => (d.Date, d.Total)), Is.EqualTo(new[] { (Date(Day1), 2), (Date(Day2), 1) }));
            Assert.That(s.BySymbol.Select(d => (d.Symbol, d.Total)), Is.EqualTo(new[] { ("BTCUSDT", 2), ("ETHUSDT", 1) }));
        });
    }

    [Test]
    public async Task Accept_CountsAcceptedForSignalsAndTheUser()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var btc = await PositionLifecycleTests.InsertSignalAsync(host);
        var eth = await PositionLifecycleTests.InsertSignalAsync(host, symbol: "ETHUSDT");
        await host.Mediator.Send(new OpenPositionCommand(alice, btc));
        await host.Mediator.Send(new OpenPositionCommand(alice, eth));
        await host.Mediator.Send(new OpenPositionCommand(bob, btc));
        await host.Mediator.Send(new OpenPositionCommand(bob, btc)); // idempotent: not a second accept

        var all = await host.Mediator.Send(new GetStatisticsQuery(null));
        var a = await host.Mediator.Send(new GetStatisticsQuery(alice));
        var b = await host.Mediator.Send(new GetStatisticsQuery(bob, "BTCUSDT"));
        Assert.Multiple(() =>
        {
            Assert.That(all.Totals.Accepted, Is.EqualTo(3));
            Assert.That(all.BySymbol.Select(x => (x.Symbol, x.Accepted)), Is.EqualTo(new[] { ("BTCUSDT", 2), ("ETHUSDT", 1) }));
            Assert.That((a.Totals.Total, a.Totals.Accepted, a.OpenPositions), Is.EqualTo((2, 2, 2)));
            Assert.That((b.Totals.Accepted, b.OpenPositions), Is.EqualTo((1, 1)));
        });
    }

    [Test]
    public async Task SignalClosed_ProfitableWinRateAverageAndSharpe()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine);
        // Day 1: BTC +2 %, ETH −1 % → 2 closed, 1 profitable, win rate 0.5, average 0.5 %. Day 2: BTC +3 %.
        await host.Mediator.Publish(Closed(1, "BTCUSDT", Day1 + 7_200_000, 0.02));
        await host.Mediator.Publish(Closed(2, "ETHUSDT", Day1 + 10_800_000, -0.01));
        await host.Mediator.Publish(Closed(3, "BTCUSDT", Day2, 0.03));
        await host.Mediator.Publish(Closed(3, "BTCUSDT", Day2, 0.03)); // re-published: not counted again

        var s = await host.Mediator.Send(new GetStatisticsQuery(null));
        var btc = await host.Mediator.Send(new GetStatisticsQuery(null, "BTCUSDT"));
        var day1 = s.ByDay.Single(d => d.Date == Date(Day1));
        var day2 = s.ByDay.Single(d => d.Date == Date(Day2));
        Assert.Multiple(() =>
        {
            Assert.That((day1.Closed, day1.Profitable, day1.WinRate, day1.AvgProfit, day1.SharpeRatio), Is.EqualTo((2, 1, 0.5, 0.005m, (double?)null)));
            // Daily returns 0.01 then 0.03 (see Sharpe_TwoDays…): stored on day 2 as the Sharpe up to that day.
            Assert.That((day2.Closed, day2.Profitable, day2.WinRate, day2.AvgProfit), Is.EqualTo((1, 1, 1.0, 0.03m)));
            Assert.That(day2.SharpeRatio, Is.EqualTo(27.0185122).Within(1e-6));
            // Whole range: 3 closed, 2 profitable, average 0.04 / 3.
            Assert.That((s.Totals.Closed, s.Totals.Profitable), Is.EqualTo((3, 2)));
            Assert.That(s.Totals.WinRate, Is.EqualTo(2d / 3).Within(1e-12));
            Assert.That(s.Totals.AvgProfit, Is.EqualTo(0.04m / 3).Within(1e-20m));
            Assert.That(s.Totals.SharpeRatio, Is.EqualTo(27.0185122).Within(1e-6));
            // BTC alone: 0.02 then 0.03: mean 0.025, sd 0.00707107 → 3.5355339 × √365 = 67.5463…
            Assert.That(btc.Totals.SharpeRatio, Is.EqualTo(3.5355339059 * Math.Sqrt(365)).Within(1e-6));
            Assert.That(btc.Totals.Pnl, Is.Null, "PnL is a user's figure");
        });
    }

    [Test]
    public async Task PositionClosed_CountsForTheUserWithPnl()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), engine: engine);
        var user = await host.CreateUserAsync("carol", deposit: 10_000m);
        var signal = await PositionLifecycleTests.InsertSignalAsync(host);
        var opened = await host.Mediator.Send(new OpenPositionCommand(user, signal));
        // Entry 100, stop 97, DCA 98.5 at medium (1 % of 10,000 = 100 risk): q0 = 100 / (3 + 0.5 × 1.5) = 26.66666666.
        Assert.That(opened.Position!.InitialQuantity, Is.EqualTo(26.66666666m));
        await host.Mediator.Publish(new SignalClosed(signal, "BTCUSDT", TradeSide.Long, Day1, ExitReason.TakeProfit2, 106m, 100m, 0.0592, "win", false, 0, 106m));

        // PnL 26.66666666 × (106 − 100) = 159.99999996; fees 0.0004 × (2666.666666 + 2826.66666596) = 2.197333332784;
        // profit = 6 % − 0.04 % × (1 + 1.06) = 5.9176 % of the entry notional.
        var s = await host.Mediator.Send(new GetStatisticsQuery(user));
        Assert.Multiple(() =>
        {
            Assert.That((s.Totals.Closed, s.Totals.Profitable, s.OpenPositions), Is.EqualTo((1, 1, 0)));
            Assert.That(s.Totals.Pnl, Is.EqualTo(157.802666627216m));
            Assert.That(s.Totals.AvgProfit, Is.EqualTo(0.059176m));
        });
    }

    private static DateOnly Date(long ms) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);

    private static SignalGenerated Generated(long id, string symbol, long timeMs) =>
        new(id, symbol, "1h", TradeSide.Long, FilterMode.Soft, timeMs, 100m, 97m, 103m, 106m, 98.5m, default);

    private static SignalClosed Closed(long id, string symbol, long timeMs, double profitPct) =>
        new(id, symbol, TradeSide.Long, timeMs, profitPct > 0 ? ExitReason.TakeProfit2 : ExitReason.StopLoss, 100m, 100m, profitPct, profitPct > 0 ? "win" : "loss", false, 0, 100m);
}
