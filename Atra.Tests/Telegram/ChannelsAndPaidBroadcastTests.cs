using System.Net;
using System.Net.Http.Json;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

/// <summary>
/// Telegram past one bot's 30 messages a second (issue 14): channel posts (one call reaches every member, 20 posts a
/// minute per channel), personal messages in priority order, and paid broadcasts within a daily Stars budget. The
/// fake Bot API enforces each limit.
/// </summary>
public sealed class ChannelsAndPaidBroadcastTests
{
    private const long ChannelA = -1001000000001;
    private const long ChannelB = -1001000000002;

    private static SignalGenerated Signal(long id) =>
        new(id, "ETHUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0, 3000m, 2900m, 3100m, 3200m, null, new SignalFeatures { MlProbability = 0.7 });

    [Test]
    public async Task Channels_Signal_PostedOncePerChannelFirst_AndSubscribersStillGetTheirSizedMessage()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        host.Factory.Settings["Telegram:Channels:0"] = ChannelA.ToString(System.Globalization.CultureInfo.InvariantCulture);
        host.Factory.Settings["Telegram:Channels:1"] = ChannelB.ToString(System.Globalization.CultureInfo.InvariantCulture);
        host.Start();
        var mediator = host.Services.GetRequiredService<IMediator>();
        await mediator.Send(new RegisterTelegramUser(7001, null, "en"));
        await mediator.Send(new RegisterTelegramUser(7002, null, "ru"));

        var signal = Signal(await host.InsertSignalAsync("ETHUSDT"));
        await mediator.Publish(signal);
        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 4, what: "two channel posts and two personal messages");
        // The same signal again (a restart, a replay) posts nothing twice.
        await mediator.Publish(signal);
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the outbox drained");

        var channelPost = fake.To(ChannelA).Single();
        var personal = fake.To(7001).Single();
        Assert.Multiple(() =>
        {
            Assert.That(fake.To(ChannelB), Has.Count.EqualTo(1), "one post per channel");
            Assert.That(fake.To(7002), Has.Count.EqualTo(1));
            Assert.That(fake.Sent.Take(2).Select(m => m.ChatId), Is.EquivalentTo(new[] { ChannelA, ChannelB }), "the channel posts go before the personal copies");
            Assert.That(channelPost.Text, Does.Contain("ETHUSDT").And.Contain("Entry: 3000").And.Contain("SL: 2900"));
            Assert.That(channelPost.ReplyMarkup, Is.Null, "no Accept button in a channel: accepting is personal");
            var personalOnly = personal.Text.Split('\n').Except(channelPost.Text.Split('\n')).ToList();
            Assert.That(personalOnly, Is.Not.Empty, "the personal message has its size lines");
            Assert.That(channelPost.Text.Split('\n').Intersect(personalOnly), Is.Empty, "the channel post carries no personal size");
            Assert.That(fake.TooManyRequests, Is.Zero);
        });
    }

    [Test]
    public async Task ChannelPosts_ThirtySignalsInABurst_StayUnderTwentyPerWindow_No429([Values] bool redis)
    {
        // Telegram's 20 posts a minute, in a 2 s window so the test runs in seconds: the interval is the window / 20.
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token, channelWindow: TimeSpan.FromSeconds(2));
        using var host = new TelegramTestHost(fake);
        if (redis)
        {
            host.WithRedis($"t{Guid.NewGuid():N}:");
        }
        host.Factory.Settings["Telegram:Channels:0"] = ChannelA.ToString(System.Globalization.CultureInfo.InvariantCulture);
        host.Factory.Settings["Telegram:ChannelPostInterval"] = "00:00:00.1";
        host.Start();
        var mediator = host.Services.GetRequiredService<IMediator>();
        for (var i = 0; i < 30; i++)
        {
            await mediator.Publish(Signal(await host.InsertSignalAsync("ETHUSDT")));
        }
        await FakeBotApi.WaitUntilAsync(() => fake.To(ChannelA).Count >= 30, TimeSpan.FromSeconds(60), "thirty channel posts");
        Assert.Multiple(() =>
        {
            Assert.That(fake.TooManyRequests, Is.Zero, "the sender kept to the channel's limit");
            Assert.That(fake.To(ChannelA), Has.Count.EqualTo(30), "each signal posted once");
        });
    }

    [Test]
    public async Task FakeBotApi_TwentyFirstPostToAChannelInAMinute_Gets429()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var http = new HttpClient();
        var url = $"{fake.BaseUrl}/bot{TelegramTestHost.Token}/sendMessage";
        for (var i = 0; i < FakeBotApi.ChannelLimit; i++)
        {
            using var ok = await http.PostAsJsonAsync(url, new { chat_id = ChannelA, text = $"post {i}" });
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"post {i}");
        }
        using var refused = await http.PostAsJsonAsync(url, new { chat_id = ChannelA, text = "one too many" });
        using var otherChannel = await http.PostAsJsonAsync(url, new { chat_id = ChannelB, text = "another channel" });
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(otherChannel.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the limit is per channel");
        });
    }

    [Test]
    public async Task Priority_ReplyQueuedBehindBulkOffers_IsLeasedFirst_AndAChatKeepsItsOrder([Values] bool redis)
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        if (redis)
        {
            host.WithRedis($"t{Guid.NewGuid():N}:");
        }
        // The bot off: no sender competes for the lease; the store is read directly.
        host.Factory.Settings["Telegram:BotToken"] = "";
        host.Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        var bulk = Enumerable.Range(0, 300).Select(i => new OutboxMessage($"offer:{i}", 50_000 + i, $"offer {i}") { Priority = OutboxPriority.Bulk }).ToList();
        // Chat 50_000 has an offer queued before its own reply: its reply must not overtake it.
        await outbox.EnqueueAsync(bulk);
        await outbox.EnqueueAsync([
            new OutboxMessage("reply:1", 90_001, "reply to /start"),
            new OutboxMessage("post:1", ChannelA, "channel post") { Priority = OutboxPriority.Channel },
            new OutboxMessage("reply:2", 50_000, "reply after its offer"),
        ]);

        var store = host.Services.GetRequiredService<IOutboxStore>();
        var leased = await store.LeaseAsync(5);
        Assert.Multiple(() =>
        {
            Assert.That(leased.Select(i => i.DedupKey).Take(2), Is.EqualTo(new[] { "reply:1", "post:1" }), "interactive, then the channel, then bulk");
            Assert.That(leased.Select(i => i.DedupKey), Does.Not.Contain("reply:2"), "a chat's messages keep their order");
            Assert.That(leased.Count(i => i.ChatId == 50_000), Is.LessThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task PaidBroadcast_WithADailyBudget_SendsOverTheFreeRateUntilTheBudgetIsSpent_No429()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        // 5 Stars: 50 messages at 0.1 Star.
        host.Factory.Settings["Telegram:PaidBroadcastDailyStars"] = "5";
        host.Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        var messages = Enumerable.Range(0, 150).Select(i => new OutboxMessage($"paid:{i}", 60_000 + i, $"paid {i}") { Priority = OutboxPriority.Bulk }).ToList();
        await outbox.EnqueueAsync(messages);
        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 150, TimeSpan.FromSeconds(60), "all delivered");
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the outbox drained");
        Assert.Multiple(() =>
        {
            Assert.That(fake.PaidMessages, Is.EqualTo(50), "paid messages stop at the budget");
            Assert.That(fake.TooManyRequests, Is.Zero);
            Assert.That(fake.Sent, Has.Count.EqualTo(150));
        });
    }

    [Test]
    public async Task PaidBroadcast_ByDefault_IsOff_NoMessageIsPaid()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake).Start();
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await outbox.EnqueueAsync(Enumerable.Range(0, 70).Select(i => new OutboxMessage($"free:{i}", 61_000 + i, $"free {i}")).ToList());
        await FakeBotApi.WaitUntilAsync(() => fake.Sent.Count >= 70, TimeSpan.FromSeconds(60), "all delivered");
        Assert.Multiple(() =>
        {
            Assert.That(fake.PaidMessages, Is.Zero);
            Assert.That(fake.TooManyRequests, Is.Zero);
        });
    }
}
