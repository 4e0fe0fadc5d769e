using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Atra.Tests.Telegram;

/// <summary>
/// The outbox on a Redis stream (a real redis-server, <see cref="RedisServer"/>): the SQLite outbox's guarantees.
/// The flood and restart cases run on both stores in <see cref="OutboxDeliveryTests"/>.
/// </summary>
public sealed class RedisOutboxTests
{
    private static TelegramTestHost Host(FakeBotApi fake, string prefix, string? database = null, bool botOn = true)
    {
        var host = new TelegramTestHost(fake, database).WithRedis(prefix);
        if (!botOn)
        {
            host.Factory.Settings["Telegram:BotToken"] = "";
        }
        return host;
    }

    private static string NewPrefix() => $"t{Guid.NewGuid():N}:";

    [Test]
    public async Task Fanout_OnRedis_EachSubscriberOnceAndAReplayedSignalQueuesNothing()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = Host(fake, NewPrefix()).Start();
        Assert.That(host.Services.GetRequiredService<IOutboxStore>(), Is.TypeOf<RedisOutboxStore>());
        var mediator = host.Services.GetRequiredService<IMediator>();
        foreach (var id in new long[] { 601, 602, 603 })
        {
            await mediator.Send(new RegisterTelegramUser(id, null, "en"));
        }
        var signalId = await host.InsertSignalAsync("SOLUSDT");
        var signal = new SignalGenerated(signalId, "SOLUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0, 150m, 145m, 155m, 160m, null, new SignalFeatures { MlProbability = 0.7 });
        await mediator.Publish(signal);
        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count(m => m.Text.Contains("SOLUSDT", StringComparison.Ordinal)) >= 3, what: "the signal to three subscribers");

        // The fan-out queues within Publish: once it returns and the outbox is empty again, nothing more will be sent.
        await mediator.Publish(signal);
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the outbox drained");
        var counts = await outbox.CountByStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fake.Sent.Where(m => m.Text.Contains("SOLUSDT", StringComparison.Ordinal)).Select(m => m.ChatId), Is.EquivalentTo(new long[] { 601, 602, 603 }), "each once");
            Assert.That(fake.Sent.First(m => m.ChatId == 601).HasButton($"sig:{signalId}:a"), "the offer has its buttons");
            Assert.That(counts.GetValueOrDefault("sent"), Is.EqualTo(3));
            Assert.That(counts.GetValueOrDefault("pending") + counts.GetValueOrDefault("sending"), Is.Zero);
        });
    }

    [Test]
    public async Task Crash_EntriesLeasedAndNeverSettled_AreSentOnceAfterRestart()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var folder = new TempFolder();
        var database = folder.File("atra.db");
        var prefix = NewPrefix();
        using (var first = Host(fake, prefix, database, botOn: false).Start())
        {
            await first.Services.GetRequiredService<TelegramOutbox>().EnqueueAsync(
                [new OutboxMessage("crash:1", 41, "leased at the crash"), new OutboxMessage("crash:2", 42, "also leased"), new OutboxMessage("crash:3", 43, "not read yet")]);
        }
        // What a crash after reading two entries leaves: they sit in this consumer's pending list, unacknowledged.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(RedisServer.Shared.Configuration))
        {
            var leased = await redis.GetDatabase().StreamReadGroupAsync(prefix + "telegram:outbox", "telegram-sender", TelegramTestHost.RedisConsumer, StreamPosition.NewMessages, 2);
            Assert.That(leased, Has.Length.EqualTo(2));
        }

        using var second = Host(fake, prefix, database).Start();
        await fake.WaitForAsync(41, m => m.Text == "leased at the crash");
        await fake.WaitForAsync(42, m => m.Text == "also leased");
        await fake.WaitForAsync(43, m => m.Text == "not read yet");
        var outbox = second.Services.GetRequiredService<TelegramOutbox>();
        // Quiescent: nothing pending or leased is left, so nothing more can reach the fake.
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "all settled");
        var counts = await outbox.CountByStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fake.Sent, Has.Count.EqualTo(3), "each once");
            Assert.That(counts.GetValueOrDefault("sent"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task BlockedChat_OnRedis_Gets403AndItsQueueIsDropped()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = Host(fake, NewPrefix()).Start();
        fake.Block(77);
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await outbox.EnqueueAsync([new OutboxMessage("b:1", 77, "one"), new OutboxMessage("b:2", 77, "two"), new OutboxMessage("b:3", 78, "other chat")]);

        await fake.WaitForAsync(78, m => m.Text == "other chat");
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the blocked chat's queue dropped");
        var counts = await outbox.CountByStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fake.To(77), Is.Empty);
            Assert.That(counts.GetValueOrDefault("dropped"), Is.EqualTo(2));
            Assert.That(counts.GetValueOrDefault("sent"), Is.EqualTo(1));
        });
    }
}
