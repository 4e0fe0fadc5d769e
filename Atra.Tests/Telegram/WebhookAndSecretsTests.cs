using System.Net;
using System.Text;
using Atra.Modules.Telegram.Outbox;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

public sealed class WebhookAndSecretsTests
{
    private const string Secret = "webhook_secret-0123456789abcdef";

    [Test]
    public async Task Webhook_RightSecret_IsHandled_WrongOrMissingSecret_Is401()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        host.Factory.Settings["Telegram:Mode"] = "Webhook";
        host.Factory.Settings["Telegram:WebhookSecret"] = Secret;
        host.Factory.Settings["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
        host.Start();
        using var client = host.Factory.CreateClient();
        await FakeBotApi.WaitUntilAsync(() => fake.WebhookSecret == Secret, what: "setWebhook with the secret");

        async Task<HttpStatusCode> PostAsync(string? secret, int updateId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook")
            {
                Content = new StringContent(FakeBotApi.TextUpdateJson(1850121251, "/start", updateId), Encoding.UTF8, "application/json"),
            };
            if (secret is not null)
            {
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            }
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.That(await PostAsync("wrong-secret-0123456789abcdef", 1), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await PostAsync(null, 2), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await PostAsync(Secret, 3), Is.EqualTo(HttpStatusCode.OK));
        await fake.WaitForAsync(1850121251, m => m.HasButton("lang:en"));
        Assert.That(await PostAsync(Secret, 3), Is.EqualTo(HttpStatusCode.OK), "a redelivered update");
        // An update is handled before the webhook answers, so its replies are queued by now: once the outbox is empty
        // again, nothing more will be sent.
        var outbox = host.Services.GetRequiredService<TelegramOutbox>();
        await FakeBotApi.WaitUntilAsync(async () => await outbox.DepthAsync() == 0, what: "the outbox drained");
        Assert.Multiple(() =>
        {
            Assert.That(fake.To(1850121251), Has.Count.EqualTo(1), "only the right secret was handled, and a redelivery answered once");
            Assert.That(fake.Methods, Does.Not.Contain("getUpdates"), "no polling in webhook mode");
        });
    }

    /// <summary>
    /// Issue 13 item 10: Telegram reuses update_id (a new sequence after a quiet week or a webhook change). A later
    /// message arriving under a used id is a new message and is answered; before the fix its reply shared the first
    /// one's dedup key (<c>update:{id}:0</c>) and vanished.
    /// </summary>
    [Test]
    public async Task Webhook_UpdateIdReusedForANewMessage_IsAnsweredAgain()
    {
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        host.Factory.Settings["Telegram:Mode"] = "Webhook";
        host.Factory.Settings["Telegram:WebhookSecret"] = Secret;
        host.Start();
        using var client = host.Factory.CreateClient();

        async Task PostAsync(int updateId, int messageId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook")
            {
                Content = new StringContent(FakeBotApi.TextUpdateJson(1850121253, "/start", updateId, messageId), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await PostAsync(41, 700);
        await fake.WaitForAsync(1850121253, m => m.HasButton("lang:en"));
        await PostAsync(41, 950);
        await fake.WaitForAsync(1850121253, m => m.HasButton("lang:en"), skip: 1);
        Assert.That(fake.To(1850121253), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Logs_WithHttpClientLoggingTurnedUp_NeverContainTheToken()
    {
        using var logs = new TempFolder();
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using (var host = new TelegramTestHost(fake))
        {
            host.Factory.Settings["Logs:Folder"] = logs.Path;
            // If the telegram HttpClient still logged, these levels would write every request URL (token included).
            host.Factory.Settings["Serilog:MinimumLevel:Default"] = "Debug";
            host.Factory.Settings["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose";
            host.Factory.Settings["Serilog:MinimumLevel:Override:Microsoft"] = "Debug";
            host.Start();
            fake.FailNext(1850121251, "bad-request-chat-not-found.json");
            fake.SendText(1850121251, "/start");
            fake.SendText(1850121251, "/help");
            await FakeBotApi.WaitUntilAsync(() => !fake.Sent.IsEmpty, what: "a reply");
            await FakeBotApi.WaitUntilAsync(() => fake.Methods.Count(m => m == "getUpdates") >= 2, what: "polling");
        }
        var text = string.Concat(Directory.EnumerateFiles(logs.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("chat not found"), "the dropped message was logged (so the logs were captured)");
            Assert.That(text, Does.Not.Contain(TelegramTestHost.Token));
            Assert.That(text, Does.Not.Contain(TelegramTestHost.Token.Split(':')[1]), "not even the secret half");
        });
    }
}
