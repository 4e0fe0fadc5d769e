using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

/// <summary>Elasticsearch and Telegram checks against loopback fakes (recorded Telegram payloads), through the real HTTP client code.</summary>
public class RemoteChecksTests
{
    private const string Token = "123456:ABCdefSecretToken";

    private sealed class Factory : IHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client = new();

        public HttpClient CreateClient(string name) => _client;

        public void Dispose() => _client.Dispose();
    }

    private static string TestData(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Health", file);

    private static IOptions<HealthOptions> Options_ => Options.Create(new HealthOptions { ProbeTimeout = TimeSpan.FromSeconds(2) });

    [Test]
    public async Task Telegram_GetMeOk_HealthyWithBotName()
    {
        var body = await File.ReadAllTextAsync(TestData("getMe.recorded-2021.json"));
        await using var telegram = await LoopbackServer.StartAsync(app => app.MapGet($"/bot{Token}/getMe", () => Results.Text(body, "application/json")));
        using var http = new Factory();
        var check = new TelegramHealthCheck(http, new RemoteProbeOptions(null, null, null, Token, telegram.Address.ToString()), Options_);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
        Assert.That(result.Data["bot_username"], Is.EqualTo("mybot"));
    }

    [Test]
    public async Task Telegram_TokenRejected_CriticalWithoutToken()
    {
        var body = await File.ReadAllTextAsync(TestData("unauthorized.json"));
        await using var telegram = await LoopbackServer.StartAsync(app => app.MapGet($"/bot{Token}/getMe", () => Results.Text(body, "application/json", statusCode: 401)));
        using var http = new Factory();
        var check = new TelegramHealthCheck(http, new RemoteProbeOptions(null, null, null, Token, telegram.Address.ToString()), Options_);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("rejected the bot token").And.Not.Contain(Token));
    }

    [Test]
    public async Task Telegram_Unreachable_CriticalWithoutToken()
    {
        using var http = new Factory();
        var check = new TelegramHealthCheck(http, new RemoteProbeOptions(null, null, null, Token, $"http://127.0.0.1:{LoopbackServer.FreePort()}"), Options_);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("unreachable").And.Not.Contain(Token));
    }

    [Test]
    public async Task Telegram_NotConfigured_NoComponent()
    {
        using var http = new Factory();
        var check = new TelegramHealthCheck(http, new RemoteProbeOptions(null, null, null, null, RemoteProbeOptions.DefaultTelegramBaseUrl), Options_);

        Assert.That(await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None), Is.Empty);
    }

    [TestCase("green", HealthStatus.Healthy)]
    [TestCase("yellow", HealthStatus.Healthy)]
    [TestCase("red", HealthStatus.Warning)]
    public async Task Elasticsearch_ClusterStatus_Graded(string cluster, HealthStatus expected)
    {
        // The documented _cluster/health answer of a one-node cluster.
        var body = $$"""{"cluster_name":"atra","status":"{{cluster}}","timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,"active_primary_shards":3,"active_shards":3,"relocating_shards":0,"initializing_shards":0,"unassigned_shards":3}""";
        await using var es = await LoopbackServer.StartAsync(app => app.MapGet("/_cluster/health", () => Results.Text(body, "application/json")));
        using var http = new Factory();
        var check = new ElasticsearchHealthCheck(http, new RemoteProbeOptions(es.Address.ToString(), null, null, null, RemoteProbeOptions.DefaultTelegramBaseUrl), Options_);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(expected), result.Reason);
        Assert.That(result.Data["cluster_status"], Is.EqualTo(cluster));
        Assert.That(result.Data["number_of_nodes"], Is.EqualTo(1));
    }

    [Test]
    public async Task Elasticsearch_Unreachable_WarningBecauseOnlyLogsWait()
    {
        using var http = new Factory();
        var check = new ElasticsearchHealthCheck(http, new RemoteProbeOptions($"http://127.0.0.1:{LoopbackServer.FreePort()}", null, null, null, RemoteProbeOptions.DefaultTelegramBaseUrl), Options_);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Contain("unreachable"));
    }
}
