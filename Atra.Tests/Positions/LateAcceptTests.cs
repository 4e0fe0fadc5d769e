using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Positions;
using Atra.Modules.Positions.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Positions;

/// <summary>
/// Issue 13 item 12: Accept books at the current price (never the signal's historical entry or a DCA that filled
/// before it), and is refused after TP1 and beyond <c>Positions:MaxAcceptAdverseMovePct</c> against the signal.
/// The signal: long, entry 100, SL 97, DCA 98.5, TP1 103.
/// </summary>
public sealed class LateAcceptTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-late-accept-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<long> SignalWithPriceNowAsync(PositionsTestHost host, ReplayCandles candles, double? close)
    {
        var id = await PositionLifecycleTests.InsertSignalAsync(host);
        if (close is { } price)
        {
            var signalTime = await host.ScalarAsync<long>("SELECT signal_time FROM enhanced_signals WHERE id = @Id", new { Id = id });
            candles.Add("BTCUSDT", new Candle(signalTime + 3_600_000, 100, Math.Max(100, price), Math.Min(100, price), price, 1));
        }
        return id;
    }

    [Test]
    public async Task Accept_AfterAFavourableMove_BooksAtTheCurrentPriceNotTheEntry()
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles);
        var user = await host.CreateUserAsync("late-up");
        var id = await SignalWithPriceNowAsync(host, candles, 102.5);

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        Assert.That(result.Outcome, Is.EqualTo(OpenPositionOutcome.Opened), result.Reason);
        Assert.That(result.Position!.EntryPrice, Is.EqualTo(102.5m), "booked where the market is, not at the signal's 100");
    }

    [Test]
    public async Task Accept_WithNoNewerCandle_BooksAtTheEntry()
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles);
        var user = await host.CreateUserAsync("on-time");
        var id = await SignalWithPriceNowAsync(host, candles, null);

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        Assert.That(result.Position?.EntryPrice, Is.EqualTo(100m));
    }

    [TestCase(99.2, OpenPositionOutcome.Opened, null)]
    [TestCase(98.7, OpenPositionOutcome.PriceMoved, "price_moved:1.30")]
    [TestCase(96.5, OpenPositionOutcome.PriceMoved, "price_moved:3.50")]
    public async Task Accept_AfterAnAdverseMove_RefusedBeyondTheLimit(double close, OpenPositionOutcome outcome, string? reason)
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles);
        var user = await host.CreateUserAsync("late-down");
        var id = await SignalWithPriceNowAsync(host, candles, close);

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome), result.Reason);
            Assert.That(result.Reason, Is.EqualTo(reason));
        });
    }

    [Test]
    public async Task Accept_AdverseLimitIsASetting()
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles, settings: new() { ["Positions:MaxAcceptAdverseMovePct"] = "2" });
        var user = await host.CreateUserAsync("wider");
        var id = await SignalWithPriceNowAsync(host, candles, 98.7);

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        Assert.That(result.Outcome, Is.EqualTo(OpenPositionOutcome.Opened), "1.3 % is within a 2 % limit");
    }

    [Test]
    public async Task AdverseLimit_OutOfRange_RefusedAtStartNamingTheKey()
    {
        await using var host = PositionsTestHost.Start(_folder, new ReplayCandles(), settings: new() { ["Positions:MaxAcceptAdverseMovePct"] = "80" });
        var ex = Assert.Throws<OptionsValidationException>(() => _ = host.Services.GetRequiredService<IOptions<PositionsOptions>>().Value);
        Assert.That(ex!.Message, Does.Contain("Positions:MaxAcceptAdverseMovePct"));
    }

    [Test]
    public async Task Accept_AfterTp1_Refused()
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles);
        var user = await host.CreateUserAsync("after-tp1");
        var id = await PositionLifecycleTests.InsertSignalAsync(host, status: "tp1_hit");

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(OpenPositionOutcome.SignalNotOpen));
            Assert.That(result.Reason, Is.EqualTo("tp1_hit"));
        });
    }

    [Test]
    public async Task Accept_AfterTheDcaFilled_DoesNotBookTheHistoricalDca()
    {
        var candles = new ReplayCandles();
        await using var host = PositionsTestHost.Start(_folder, candles);
        var user = await host.CreateUserAsync("after-dca");
        var id = await SignalWithPriceNowAsync(host, candles, 99.4);
        await host.ExecuteAsync("UPDATE enhanced_signals SET dca_fill_price = dca_price WHERE id = @Id", new { Id = id });

        var result = await host.Mediator.Send(new OpenPositionCommand(user, id));
        await host.ReconcileAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(result.Outcome, Is.EqualTo(OpenPositionOutcome.Opened), result.Reason);
            Assert.That(result.Position!.EntryPrice, Is.EqualTo(99.4m));
            Assert.That(await host.ScalarAsync<long>("SELECT COUNT(*) FROM transactions WHERE position_id = @Id AND transaction_type = 'dca'", new { Id = result.Position.Id }), Is.Zero,
                "the DCA filled before the position existed");
        });
    }
}
