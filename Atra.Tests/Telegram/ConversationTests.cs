using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class ConversationTests(StorageProvider engine)
{
    private const long User = 1850121251;

    [Test]
    public async Task NewUser_StartSettingsSignalAcceptLifecycle_ReceivesEveryMessageInTheirLanguage()
    {
        // Telegram's per-chat limit is 1/s; fake and bot agree on 250 ms here so the script runs in seconds.
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token, perChatInterval: TimeSpan.FromMilliseconds(250));
        using var host = new TelegramTestHost(fake, engine: engine).Start();

        fake.SendText(User, "/start");
        var welcome = await fake.WaitForAsync(User, m => m.HasButton("lang:ru"));
        Assert.That(welcome.Text, Does.Contain("Choose your language"));

        fake.Press(User, "lang:ru", welcome);
        await fake.WaitForAsync(User, m => m.Text.Contains("Вы подписаны", StringComparison.Ordinal));

        var seen = fake.To(User).Count;
        fake.SendText(User, "/settings");
        var settings = await fake.WaitForAsync(User, m => m.HasButton("set:risk"), seen);
        Assert.That(settings.Text, Does.Contain("Депозит: 1000 USDT"));

        fake.Press(User, "set:risk", settings);
        var risk = await fake.WaitForAsync(User, m => m.HasButton("risk:high"));
        fake.Press(User, "risk:high", risk);
        await fake.WaitForAsync(User, m => m.Text.Contains("Сохранено: Риск = high", StringComparison.Ordinal));

        fake.Press(User, "set:lev", settings);
        var leverage = await fake.WaitForAsync(User, m => m.HasButton("lev:10"));
        fake.Press(User, "lev:10", leverage);
        await fake.WaitForAsync(User, m => m.Text.Contains("Плечо = 10x", StringComparison.Ordinal));

        fake.Press(User, "set:dep", settings);
        await fake.WaitForAsync(User, m => m.Text.Contains("Отправьте депозит", StringComparison.Ordinal));
        seen = fake.To(User).Count;
        fake.SendText(User, "12,5");
        await fake.WaitForAsync(User, m => m.Text.Contains("Такой депозит не подходит", StringComparison.Ordinal), seen);
        fake.SendText(User, "5000");
        await fake.WaitForAsync(User, m => m.Text.Contains("Депозит = 5000 USDT", StringComparison.Ordinal));

        // A signal from the Signals module, as its scanner publishes it.
        var signalId = await host.InsertSignalAsync();
        var publisher = host.Services.GetRequiredService<IPublisher>();
        await publisher.Publish(new SignalGenerated(signalId, "BTCUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0, 65000m, 64000m, 66500m, 68000m, 64500m,
            new SignalFeatures { BtcTrend = BtcTrend.Bullish, AnomalyScore = 0.4, WhaleImpact = 0, NewsImpact = 0, MlProbability = double.NaN }));
        var signal = await fake.WaitForAsync(User, m => m.HasButton($"sig:{signalId}:a"));
        Assert.Multiple(() =>
        {
            Assert.That(signal.Text, Does.Contain("LONG BTCUSDT"));
            foreach (var label in new[] { "Entry: 65000", "TP1: 66500", "TP2: 68000", "SL: 64000", "DCA: 64500" })
            {
                Assert.That(signal.Text, Does.Contain(label), "the level labels are the same in both languages");
            }
            Assert.That(signal.Text, Does.Contain("Плечо: 10x"));
            Assert.That(signal.Text, Does.Contain("Риск: 2% депозита (100.00 USDT)"), "high tolerance risks 2% of 5000");
            Assert.That(signal.Text, Does.Contain("Объём:"));
            Assert.That(signal.Text, Does.Contain("ML: n/a"));
        });

        // A button for a signal never offered to this user is refused.
        var answersBefore = fake.CallbackAnswers.Count;
        fake.Press(User, $"sig:{signalId + 1000}:a", signal);
        await FakeBotApi.WaitUntilAsync(() => fake.CallbackAnswers.Count > answersBefore, what: "forged callback answered");
        Assert.That(fake.CallbackAnswers.Last().Text, Does.Contain("недействительна"));

        fake.Press(User, $"sig:{signalId}:a", signal);
        await fake.WaitForAsync(User, m => m.Method == "sendMessage" && m.Text.StartsWith("✅ Принято: BTCUSDT LONG", StringComparison.Ordinal));
        var edited = await fake.WaitForAsync(User, m => m.Method == "editMessageText");
        Assert.That(edited.ReplyMarkup, Is.Null, "the answered signal loses its buttons");
        Assert.That(await host.ScalarAsync<long>("SELECT COUNT(*) FROM positions WHERE signal_id = @Id AND status = 'open'", new { Id = signalId }), Is.EqualTo(1));

        seen = fake.To(User).Count;
        fake.SendText(User, "/positions");
        var positions = await fake.WaitForAsync(User, m => m.Text.StartsWith("Открытые позиции", StringComparison.Ordinal), seen);
        Assert.That(positions.Text, Does.Contain("BTCUSDT LONG Entry 65000"));

        await publisher.Publish(new SignalTp1Hit(signalId, "BTCUSDT", 0, 66500m, 0.5, 65000m));
        await fake.WaitForAsync(User, m => m.Text.Contains("TP1 достигнут по 66500", StringComparison.Ordinal));
        await publisher.Publish(new SignalClosed(signalId, "BTCUSDT", TradeSide.Long, 0, ExitReason.TakeProfit2, 67250m, 65000m, 0.0321, "win", true, 0, 68000m));
        await fake.WaitForAsync(User, m => m.Text.Contains("TP2 достигнут по 67250. Закрыто, результат 3.21%", StringComparison.Ordinal));

        // The Positions module followed the signal: the position closed with it and shows in the history.
        seen = fake.To(User).Count;
        fake.SendText(User, "/positions");
        await fake.WaitForAsync(User, m => m.Text.StartsWith("Открытых позиций нет", StringComparison.Ordinal), seen);
        fake.SendText(User, "/history");
        var history = await fake.WaitForAsync(User, m => m.Text.StartsWith("Закрытые позиции", StringComparison.Ordinal), seen);
        Assert.That(history.Text, Does.Contain("BTCUSDT LONG Entry 65000"));
        fake.SendText(User, "/signals");
        await fake.WaitForAsync(User, m => m.Text.Contains("принят", StringComparison.Ordinal) && m.Text.StartsWith("Последние сигналы", StringComparison.Ordinal), seen);
        Assert.That(fake.TooManyRequests, Is.Zero, "the bot kept to Telegram's limits");
    }

    [Test]
    public async Task AdminDeactivatedUser_StartAndLanguageAgain_StaysOffAndIsToldWhy_ButOneWhoBlockedTheBotIsBack()
    {
        const long Banned = 1850121252;
        const long Returning = 1850121253;
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token, perChatInterval: TimeSpan.FromMilliseconds(250));
        using var host = new TelegramTestHost(fake, engine: engine).Start();
        var mediator = host.Services.GetRequiredService<IMediator>();
        var banned = await mediator.Send(new RegisterTelegramUser(Banned, null, "en"));
        var returning = await mediator.Send(new RegisterTelegramUser(Returning, null, "en"));
        await mediator.Send(new ChangeUser(banned.Id, IsActive: false, IsAdmin: null, Settings: null));
        await mediator.Send(new DeactivateUser(returning.Id, DeactivationCause.BlockedBot, "telegram: Forbidden: bot was blocked by the user"));

        foreach (var user in new[] { Banned, Returning })
        {
            fake.SendText(user, "/start");
            var welcome = await fake.WaitForAsync(user, m => m.HasButton("lang:en"));
            fake.Press(user, "lang:en", welcome);
        }

        await fake.WaitForAsync(Banned, m => m.Text.Contains("turned off by an administrator", StringComparison.Ordinal));
        await fake.WaitForAsync(Returning, m => m.Text.Contains("You are subscribed", StringComparison.Ordinal));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await mediator.Send(new GetUserByTelegramId(Banned)))!.IsActive, Is.False);
            Assert.That((await mediator.Send(new GetUserByTelegramId(Returning)))!.IsActive, Is.True);
            Assert.That(fake.To(Banned).Any(m => m.Text.Contains("You are subscribed", StringComparison.Ordinal)), Is.False);
        });
        var seen = fake.To(Banned).Count;
        fake.SendText(Banned, "/signals");
        await fake.WaitForAsync(Banned, m => m.Text.Contains("turned off by an administrator", StringComparison.Ordinal), seen);
    }
}
