using System.Globalization;
using System.Text.RegularExpressions;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.EndToEnd;

/// <summary>
/// The whole path with nothing scripted in between: replayed real candles → indicators → the live scan worker →
/// a signal → a personal Telegram offer → Accept → a position sized for the subscriber → the lifecycle of the
/// signal → TP1 and closing messages, and the position's ledger closed with it.
/// </summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed partial class ReplayToSubscriberTests(StorageProvider engine)
{
    private const long User = 77_000_001;
    private const string Token = "123456789:AAH-fake-token-for-tests_0123456789";

    [Test]
    public async Task ReplayedCandles_SubscriberAcceptsEveryOffer_FollowsASignalThroughTp1ToItsClose()
    {
        await using var fake = await FakeBotApi.StartAsync(Token, perChatInterval: TimeSpan.FromMilliseconds(100));
        using var factory = new AtraHostFactory(engine: engine);
        factory.Settings["Telegram:BotToken"] = Token;
        factory.Settings["Telegram:BaseUrl"] = fake.BaseUrl;
        factory.Settings["Telegram:PollingTimeout"] = "00:00:01";
        factory.Settings["Telegram:PerChatInterval"] = fake.PerChatInterval.ToString("c");
        // Three real 1h files of 300 candles: 60 warm the indicators up, the rest stream at 6 hours of market per
        // second, slow enough for a subscriber's tap to land while most signals are still open.
        factory.Settings["Market:Replay:WarmupCandles"] = "60";
        factory.Settings["Market:Replay:Speed"] = "6";
        _ = factory.Services;

        fake.SendText(User, "/start");
        var welcome = await fake.WaitForAsync(User, m => m.HasButton("lang:en"));
        fake.Press(User, "lang:en", welcome);

        // The subscriber taps Accept on every offer, as soon as it arrives.
        var accepted = new HashSet<long>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        long followed = 0;
        while (followed == 0 && DateTime.UtcNow < deadline)
        {
            foreach (var message in fake.To(User))
            {
                var offer = message.ReplyMarkup is null ? null : AcceptButton().Match(message.ReplyMarkup);
                if (offer is { Success: true } && accepted.Add(long.Parse(offer.Groups[1].Value, CultureInfo.InvariantCulture)))
                {
                    fake.Press(User, offer.Value.Trim('"'), message);
                }
            }
            followed = await ScalarAsync<long>(factory, """
                SELECT coalesce(min(p.signal_id), 0) FROM positions p
                JOIN transactions t ON t.position_id = p.id AND t.transaction_type = 'tp1'
                WHERE p.status = 'closed'
                """);
            await Task.Delay(100);
        }
        Assert.That(followed, Is.Not.Zero, $"no accepted signal went through TP1 to its close ({accepted.Count} offers accepted)");

        var signal = (await QueryAsync<(string Symbol, string Side, string ExitReason, string ProfitPct)>(factory,
            "SELECT symbol, side, exit_reason, profit_pct FROM enhanced_signals WHERE id = @Id", new { Id = followed })).Single();
        var label = $"{signal.Symbol} {signal.Side.ToUpperInvariant()}";
        var percent = Math.Round(decimal.Parse(signal.ProfitPct, CultureInfo.InvariantCulture) * 100m, 2).ToString("0.00", CultureInfo.InvariantCulture);
        await fake.WaitForAsync(User, m => m.Text.Contains($"{label}: TP1 reached at", StringComparison.Ordinal));
        var closing = await fake.WaitForAsync(User, m => m.Text.Contains(label, StringComparison.Ordinal) && m.Text.Contains("Closed", StringComparison.OrdinalIgnoreCase) && m.Text.Contains(percent + "%", StringComparison.Ordinal));
        Assert.That(closing.Text, Does.Contain(signal.ExitReason == "breakeven" ? "breakeven" : "TP2"), "TP1 was hit, so the signal ended at breakeven or TP2");

        // The position followed the signal with the subscriber's own quantities: opened, maybe added at DCA, half
        // out at TP1, the rest out at the close, nothing left held, and its realized PnL is exactly its ledger's.
        var ledger = await QueryAsync<(string Type, string Quantity, string Pnl, string Fee)>(factory, """
            SELECT t.transaction_type, t.quantity, t.pnl, t.fee FROM transactions t
            JOIN positions p ON p.id = t.position_id WHERE p.signal_id = @Id ORDER BY t.id
            """, new { Id = followed });
        var types = ledger.Select(t => t.Type).ToList();
        Assert.That(types[0], Is.EqualTo("open"));
        Assert.That(types[^2..], Is.EqualTo(new[] { "tp1", "close" }));
        decimal Sum(Func<(string Type, string Quantity, string Pnl, string Fee), string> pick, params string[] kinds) =>
            ledger.Where(t => kinds.Contains(t.Type)).Sum(t => decimal.Parse(pick(t), CultureInfo.InvariantCulture));
        Assert.That(Sum(t => t.Quantity, "open", "dca"), Is.EqualTo(Sum(t => t.Quantity, "tp1", "close")), "everything bought was sold");
        var realized = decimal.Parse(await ScalarAsync<string>(factory, "SELECT realized_pnl FROM positions WHERE signal_id = @Id", new { Id = followed }), CultureInfo.InvariantCulture);
        Assert.That(realized, Is.EqualTo(Sum(t => t.Pnl, "open", "dca", "tp1", "close") - Sum(t => t.Fee, "open", "dca", "tp1", "close")));
        Assert.That(fake.TooManyRequests, Is.Zero);
    }

    private static async Task<T> ScalarAsync<T>(AtraHostFactory factory, string sql, object? args = null)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value: " + sql);
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(AtraHostFactory factory, string sql, object? args = null)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    [GeneratedRegex("\"sig:(\\d+):a\"")]
    private static partial Regex AcceptButton();
}
