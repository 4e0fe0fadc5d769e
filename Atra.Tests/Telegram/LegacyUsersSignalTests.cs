using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

public sealed class LegacyUsersSignalTests
{
    [Test]
    public async Task ImportedUsers_StrictLongSignal_AreOfferedItSizedWithTheirImportedSettings()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        // The host imports Storage:LegacyUsersFile at start, as in production.
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Users", "legacy-users.json"), host.Factory.Settings["Storage:LegacyUsersFile"]!);
        host.Start();
        var active = await host.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE is_active = 1 AND user_id IS NOT NULL");
        Assert.That(active, Is.GreaterThan(1000), "the legacy file was imported");

        var signalId = await host.InsertSignalAsync();
        await host.Services.GetRequiredService<IPublisher>().Publish(new SignalGenerated(signalId, "BTCUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0,
            65000m, 64000m, 66500m, 68000m, 64500m, new SignalFeatures { MlProbability = 0.7 }));

        var queued = await host.ScalarAsync<long>("SELECT COUNT(*) FROM telegram_outbox WHERE dedup_key LIKE @Key", new { Key = $"signal:{signalId}:user:%" });
        Assert.That(queued, Is.EqualTo(active), "a strict long signal goes to every active subscriber, spot included");

        // 555000111 in the legacy file: ru, spot, leverage 3, low risk, deposit 1000.
        var text = await host.ScalarAsync<string>("SELECT text FROM telegram_outbox WHERE dedup_key = @Key", new { Key = $"signal:{signalId}:user:555000111" });
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Плечо: 1x"), "spot trades without leverage whatever the imported leverage");
            Assert.That(text, Does.Contain("Риск: 0.5% депозита (5.00 USDT)"), "low tolerance risks 0.5% of the imported 1000");
        });
    }
}
