using Atra.Modules.Health.StatusPage;

namespace Atra.Tests.Health;

public class StatusReadModelTests
{
    /// <summary>profit_pct is stored as a fraction (STRATEGY.md); the page's figures say %, so they are percent.</summary>
    [Test]
    public async Task Performance_ClosedSignals_GroupedPerDayWithCumulativeProfit()
    {
        using var db = new HealthTestDatabase();
        var now = new DateTimeOffset(2024, 5, 10, 12, 0, 0, TimeSpan.Zero);
        var day1 = new DateTimeOffset(2024, 5, 8, 9, 0, 0, TimeSpan.Zero);
        var day2 = new DateTimeOffset(2024, 5, 9, 9, 0, 0, TimeSpan.Zero);
        db.InsertSignal("BTCUSDT", "long", day1.AddHours(-5), day1.AddHours(-6).ToUnixTimeMilliseconds(), status: "closed", result: "win", profitPct: "0.025", exitAt: day1);
        db.InsertSignal("ETHUSDT", "short", day1.AddHours(-4), day1.AddHours(-5).ToUnixTimeMilliseconds(), status: "closed", result: "loss", profitPct: "-0.0125", exitAt: day1.AddHours(1));
        db.InsertSignal("ETHUSDT", "long", day2.AddHours(-3), day2.AddHours(-4).ToUnixTimeMilliseconds(), status: "closed", result: "win", profitPct: "0.03", exitAt: day2);
        db.InsertSignal("SOLUSDT", "long", now.AddHours(-1), now.AddHours(-2).ToUnixTimeMilliseconds());
        var model = new StatusReadModel(db.Connections, new ManualClock(now));

        var performance = await model.PerformanceAsync(30, CancellationToken.None);
        var latest = await model.LatestAsync(10, CancellationToken.None);

        Assert.That(performance.Wins, Is.EqualTo(2));
        Assert.That(performance.Losses, Is.EqualTo(1));
        Assert.That(performance.WinRate, Is.EqualTo(66.7));
        Assert.That(performance.TotalProfitPct, Is.EqualTo(4.25m));
        Assert.That(performance.PerDay.Select(d => (d.Day, d.ProfitPct, d.CumulativeProfitPct)),
            Is.EqualTo(new[] { ("2024-05-08", 1.25m, 1.25m), ("2024-05-09", 3m, 4.25m) }));
        Assert.That(latest.Select(s => s.Symbol), Is.EqualTo(new[] { "SOLUSDT", "ETHUSDT", "ETHUSDT", "BTCUSDT" }));
        Assert.That(latest.Select(s => s.ProfitPct), Is.EqualTo(new[] { null, "3.00", "-1.25", "2.50" }));
    }

    [Test]
    public async Task Latest_UserSignals_NeverShown()
    {
        using var db = new HealthTestDatabase();
        db.InsertSignal("BTCUSDT", "long", DateTimeOffset.UtcNow, 1);
        using (var connection = db.Connections.Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO users (id, user_id, username, created_at) VALUES (7, 7, 'someone', 1);
                INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, risk_pct, filter_mode, signal_time, created_at, user_id)
                VALUES ('PRIVUSDT', 'long', '1', '1', '1', '1', '1', 'soft', 2, 2, 7);
                """;
            command.ExecuteNonQuery();
        }
        var model = new StatusReadModel(db.Connections, TimeProvider.System);

        var latest = await model.LatestAsync(10, CancellationToken.None);
        var symbols = await model.SymbolsAsync(CancellationToken.None);

        Assert.That(latest.Select(s => s.Symbol), Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That(symbols, Does.Not.Contain("PRIVUSDT"));
    }
}
