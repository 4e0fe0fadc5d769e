using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atra.Tests.Telegram;

public sealed class OutboxDeliveryTests
{
    private static SignalGenerated Signal(long id, TradeSide side = TradeSide.Long) =>
        new(id, "ETHUSDT", "1h", side, FilterMode.Strict, 0, 3000m, 2900m, 3100m, 3200m, null, new SignalFeatures { MlProbability = 0.7 });

    /// <summary>A host whose outbox is the SQLite table, or a Redis stream under <paramref name="redisPrefix"/>.</summary>
    private static TelegramTestHost Host(FakeBotApi fake, string? redisPrefix, string? database = null)
    {
        var host = new TelegramTestHost(fake, database);
        return redisPrefix is null ? host : host.WithRedis(redisPrefix);
    }

    private static string? Prefix(bool redis) => redis ? $"t{Guid.NewGuid():N}:" : null;

    [Test]
    public async Task Flood_AboveTelegramsRate_Gets429AndObeysRetryAfterWithNothingLost([Values] bool redis)
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = Host(fake, Prefix(redis));
        // The bot is told Telegram allows twice what it does, so the fake answers 429s.
        host.Factory.Settings["Telegram:GlobalRatePerSecond"] = "60";
        host.Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        var messages = Enumerable.Range(0, 120).Select(i => new OutboxMessage($"flood:{i}", 10_000 + i, $"flood {i}")).ToList();
        Assert.That(await outbox.EnqueueAsync(messages), Is.EqualTo(120));

        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 120, TimeSpan.FromSeconds(60), "all flood messages delivered");
        // Quiescent: nothing pending or being sent is left, so nothing more can reach the fake.
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the outbox drained");
        Assert.Multiple(() =>
        {
            Assert.That(fake.TooManyRequests, Is.GreaterThan(0), "the flood was rate limited");
            Assert.That(fake.EarlyRetries, Is.Zero, "no chat was retried before its retry_after");
            Assert.That(fake.Sent.Select(m => m.Text).Distinct().Count(), Is.EqualTo(120), "each message exactly once");
            Assert.That(fake.Sent, Has.Count.EqualTo(120));
        });
    }

    [Test]
    public async Task RecordedErrors_429Then400_RetriedThenDroppedAndTheChatGoesOn()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        fake.FailNext(7, "too-many-requests.json");
        fake.FailNext(8, "bad-request-chat-not-found.json");
        await outbox.EnqueueAsync([new OutboxMessage("a", 7, "to seven"), new OutboxMessage("b", 8, "to eight"), new OutboxMessage("c", 8, "eight again")]);

        await fake.WaitForAsync(7, m => m.Text == "to seven");
        await fake.WaitForAsync(8, m => m.Text == "eight again");
        // Sent marks are committed in groups after the answers, so the fake can have seen a message before the
        // outbox says sent: wait until every message has its final status (a run once caught "sent: 1" here).
        await FakeBotApi.WaitUntilAsync(async () => await outbox.CountByStatusAsync() is var c && c.GetValueOrDefault("sent") + c.GetValueOrDefault("dropped") == 3, what: "every message settled");
        var counts = await outbox.CountByStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fake.To(8).Select(m => m.Text), Is.EqualTo(new[] { "eight again" }), "a 400 is dropped, not retried");
            Assert.That(counts.GetValueOrDefault("dropped"), Is.EqualTo(1));
            Assert.That(counts.GetValueOrDefault("sent"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task BlockedUser_Gets403_IsMarkedInactiveAndSkippedAfterwards()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var mediator = host.Services.GetRequiredService<IMediator>();
        await mediator.Send(new RegisterTelegramUser(111, null, "en"));
        await mediator.Send(new RegisterTelegramUser(222, null, "en"));
        fake.Block(222);

        await mediator.Publish(Signal(await host.InsertSignalAsync("ETHUSDT")));
        await fake.WaitForAsync(111, m => m.Text.Contains("ETHUSDT", StringComparison.Ordinal));
        await FakeBotApi.WaitUntilAsync(async () => (await mediator.Send(new GetUserByTelegramId(222)))?.IsActive == false, what: "blocked user deactivated");

        await mediator.Publish(Signal(await host.InsertSignalAsync("ETHUSDT")));
        await FakeBotApi.WaitUntilAsync(() => fake.To(111).Count == 2, what: "second signal to the active user");
        Assert.That(await host.ScalarAsync<long>("SELECT COUNT(*) FROM telegram_outbox WHERE chat_id = 222"), Is.EqualTo(1), "the blocked user is not offered the next signal");
    }

    [Test]
    public async Task SpotUser_ShortSignal_IsNotOffered()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var mediator = host.Services.GetRequiredService<IMediator>();
        var spot = await mediator.Send(new RegisterTelegramUser(333, null, "en"));
        await mediator.Send(new UpdateUserSettings(spot.Id, new UserSettingsChange(TradeMode: "spot")));
        await mediator.Send(new RegisterTelegramUser(444, null, "en"));

        var id = await host.InsertSignalAsync("ETHUSDT", "short");
        await mediator.Publish(Signal(id, TradeSide.Short));
        await fake.WaitForAsync(444, m => m.Text.Contains("SHORT ETHUSDT", StringComparison.Ordinal));
        Assert.That(await host.ScalarAsync<long>("SELECT COUNT(*) FROM telegram_outbox WHERE chat_id = 333"), Is.Zero);
    }

    [Test]
    public async Task Restart_WithAFullOutbox_DeliversEverythingOnceAndReenqueueIsIgnored([Values] bool redis)
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var folder = new TempFolder();
        var database = folder.File("atra.db");
        var prefix = Prefix(redis);
        var messages = Enumerable.Range(0, 150).Select(i => new OutboxMessage($"restart:{i}", 20_000 + (i % 50), $"restart {i}")).ToList();

        using (var first = Host(fake, prefix, database).Start())
        {
            Assert.That(await first.Services.GetRequiredService<TelegramOutbox>().EnqueueAsync(messages), Is.EqualTo(150));
            await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 20, what: "some sent before the stop");
        }
        var sentBeforeRestart = fake.Sent.Count;
        Assert.That(sentBeforeRestart, Is.LessThan(150), "the stop left work in the outbox");

        using var second = Host(fake, prefix, database).Start();
        var outbox = second.Services.GetRequiredService<TelegramOutbox>();
        Assert.That(await outbox.EnqueueAsync(messages), Is.Zero, "the same keys enqueue nothing again");
        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 150, TimeSpan.FromSeconds(60), "all delivered after the restart");
        // Quiescent: nothing pending or being sent is left, so nothing more can reach the fake.
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "nothing left");
        Assert.Multiple(() =>
        {
            Assert.That(fake.Sent, Has.Count.EqualTo(150));
            Assert.That(fake.Sent.Select(m => m.Text).Distinct().Count(), Is.EqualTo(150), "no duplicates");
            Assert.That(fake.TooManyRequests, Is.Zero);
            Assert.That(fake.To(20_000).Select(m => m.Text), Is.EqualTo(new[] { "restart 0", "restart 50", "restart 100" }), "a chat's messages in order");
        });
    }

    [Test]
    public async Task Crash_RowLeftSending_IsSentAgainAfterRestart()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var folder = new TempFolder();
        var database = folder.File("atra.db");
        using (var first = new TelegramTestHost(fake, database))
        {
            first.Factory.Settings["Telegram:BotToken"] = "";
            first.Start();
            await first.Services.GetRequiredService<TelegramOutbox>().EnqueueAsync([new OutboxMessage("crash:1", 31, "in flight at the crash")]);
            // What a crash between the claim and the answer leaves behind.
            await first.ExecuteAsync("UPDATE telegram_outbox SET status = 'sending', attempts = 1");
        }
        using var second = new TelegramTestHost(fake, database).Start();
        await fake.WaitForAsync(31, m => m.Text == "in flight at the crash");
        await FakeBotApi.WaitUntilAsync(async () => await second.ScalarAsync<string>("SELECT status FROM telegram_outbox WHERE dedup_key = 'crash:1'") == "sent", what: "marked sent");
        Assert.That(fake.To(31), Has.Count.EqualTo(1));
    }

    /// <summary>
    /// Issue 13 item 7: the database refuses to record a send's outcome (a trigger, as a failing disk would). Before
    /// the fix the send task faulted unlogged, the row stayed <c>sending</c> and the chat got nothing more until a
    /// restart. Now the outcome is retried, parked, and recorded by the recovery tick once the store answers; the
    /// chat goes on and nothing is sent twice.
    /// </summary>
    [Test]
    public async Task OutcomeWriteFails_IsRetriedAndRecordedLater_AndTheChatGoesOn([Values("dropped", "sent")] string outcome)
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        var worker = host.Services.GetServices<IHostedService>().OfType<OutboxSenderWorker>().Single();
        await host.ExecuteAsync($"CREATE TRIGGER fail_outcome BEFORE UPDATE OF status ON telegram_outbox WHEN NEW.status = '{outcome}' BEGIN SELECT RAISE(ABORT, 'injected: disk I/O error'); END");
        if (outcome == "dropped")
        {
            fake.FailNext(51, "bad-request-chat-not-found.json");
        }
        await outbox.EnqueueAsync([new OutboxMessage("outcome:1", 51, "first"), new OutboxMessage("outcome:2", 51, "second")]);

        await FakeBotApi.WaitUntilAsync(() => worker.Unsettled == 1, what: "the outcome parked after its in-place retries");
        Assert.Multiple(async () =>
        {
            // The chat's next message waits behind the unrecorded one (one at a time, in order).
            Assert.That(await host.ScalarAsync<string>("SELECT status FROM telegram_outbox WHERE dedup_key = 'outcome:1'"), Is.EqualTo("sending"));
            Assert.That(await host.ScalarAsync<string>("SELECT status FROM telegram_outbox WHERE dedup_key = 'outcome:2'"), Is.EqualTo("pending"));
        });

        await host.ExecuteAsync("DROP TRIGGER fail_outcome");
        await fake.WaitForAsync(51, m => m.Text == "second");
        await FakeBotApi.WaitUntilAsync(async () => await host.ScalarAsync<string>("SELECT status FROM telegram_outbox WHERE dedup_key = 'outcome:2'") == "sent", what: "second marked sent");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.ScalarAsync<string>("SELECT status FROM telegram_outbox WHERE dedup_key = 'outcome:1'"), Is.EqualTo(outcome), "the parked outcome was recorded");
            Assert.That(fake.To(51).Select(m => m.Text), Is.EqualTo(outcome == "sent" ? new[] { "first", "second" } : new[] { "second" }), "each delivered once, in order");
            Assert.That(worker.Unsettled, Is.Zero);
        });
    }

    /// <summary>A lease nobody holds (a sender that died in a cluster, a lost task) is made due again while running, not only at the next start.</summary>
    [Test]
    public async Task OrphanedLease_OlderThanTheLeaseTimeout_IsRecoveredWhileRunning()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await outbox.EnqueueAsync([new OutboxMessage("orphan:1", 61, "left leased")]);
        // What another sender leaves when it dies after its claim: the row leased (not_before = lease time) long ago.
        await host.ExecuteAsync("UPDATE telegram_outbox SET status = 'sending', attempts = 1, not_before = @Then WHERE dedup_key = 'orphan:1'",
            new { Then = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() });
        await outbox.EnqueueAsync([new OutboxMessage("orphan:2", 61, "behind it")]);

        await fake.WaitForAsync(61, m => m.Text == "behind it");
        Assert.That(fake.To(61).Select(m => m.Text), Is.EqualTo(new[] { "left leased", "behind it" }));
    }
}
