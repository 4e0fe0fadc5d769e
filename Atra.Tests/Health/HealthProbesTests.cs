using System.Net;
using System.Text.Json.Nodes;
using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

/// <summary>
/// <c>atra health</c> on its own probes what the settings name (issue 15): the exchange REST endpoint of
/// Market:Source, CoinGecko's ping, Telegram's getMe, against loopback fakes serving recorded answers; short timeouts,
/// UNKNOWN when there is no network, CRITICAL when a host refuses; the table fits 80 columns with human figures.
/// </summary>
public class HealthProbesTests
{
    private static string TestData(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Health", file);

    /// <summary>A recorded answer with its time field moved to now + <paramref name="skew"/>.</summary>
    private static string WithTime(string file, string field, TimeSpan skew)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestData(file)))!;
        json[field] = DateTimeOffset.UtcNow.Add(skew).ToUnixTimeMilliseconds();
        return json.ToJsonString();
    }

    private sealed class Factory : IHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client = new();

        public HttpClient CreateClient(string name) => _client;

        public void Dispose() => _client.Dispose();
    }

    private sealed class Endpoints(string source, params ExchangeTimeEndpoint[] endpoints) : IExchangeEndpoints
    {
        public string Source => source;

        public IReadOnlyList<ExchangeTimeEndpoint> TimeEndpoints => endpoints;
    }

    private static IOptions<HealthOptions> Options_(string? coinGecko = null, double timeoutSeconds = 2) =>
        Options.Create(new HealthOptions { ProbeTimeout = TimeSpan.FromSeconds(timeoutSeconds), CoinGeckoUrl = coinGecko ?? "" });

    private static async Task<ComponentHealth> ProbeExchangeAsync(ExchangeTimeEndpoint endpoint, double timeoutSeconds = 2, HealthCheckContext? context = null)
    {
        using var http = new Factory();
        var check = new ExchangeRestProbeCheck(new Endpoints(endpoint.Exchange, endpoint), http, Options_(timeoutSeconds: timeoutSeconds), TimeProvider.System);
        return (await check.CheckAsync(context ?? HealthCheckContext.Command, CancellationToken.None)).Single();
    }

    [Test]
    public async Task Exchange_BinanceAnswersItsTime_HealthyWithLatencyAndSkew()
    {
        await using var binance = await LoopbackServer.StartAsync(app =>
            app.MapGet("/api/v3/time", () => Results.Text(WithTime("binance-time.json", "serverTime", TimeSpan.Zero), "application/json")));

        var result = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Binance", new Uri(binance.Address, "api/v3/time"), "serverTime"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Name, Is.EqualTo("exchange_binance"));
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
            Assert.That(result.Reason, Does.StartWith("REST reachable in "));
            Assert.That(result.Data["latency_ms"], Is.TypeOf<double>());
            Assert.That(Math.Abs((double)result.Data["clock_skew_ms"]!), Is.LessThan(ExchangeRestProbeCheck.SkewWarning.TotalMilliseconds));
        });
    }

    [Test]
    public async Task Exchange_BybitClockTenSecondsAhead_WarningNamingTheSkew()
    {
        await using var bybit = await LoopbackServer.StartAsync(app =>
            app.MapGet("/v5/market/time", () => Results.Text(WithTime("bybit-time.json", "time", TimeSpan.FromSeconds(10)), "application/json")));

        var result = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Bybit", new Uri(bybit.Address, "v5/market/time"), "time"));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Match(@"this host's clock is [+-]\d+\.\d s off Bybit's \(check NTP\)"));
    }

    [TestCase(418, HealthStatus.Critical, "banned this address")]
    [TestCase(429, HealthStatus.Warning, "rate-limiting this address")]
    [TestCase(503, HealthStatus.Critical, "answered HTTP 503")]
    public async Task Exchange_RefusingAnswers_GradedByWhatTheyMean(int status, HealthStatus expected, string reason)
    {
        await using var binance = await LoopbackServer.StartAsync(app =>
            app.MapGet("/api/v3/time", () => Results.Text(File.ReadAllText(TestData("binance-418.json")), "application/json", statusCode: status)));

        var result = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Binance", new Uri(binance.Address, "api/v3/time"), "serverTime"));

        Assert.That(result.Status, Is.EqualTo(expected));
        Assert.That(result.Reason, Does.Contain(reason));
    }

    [Test]
    public async Task Exchange_NoAnswerWithinTheProbeTimeout_UnknownNotAHang()
    {
        using var release = new CancellationTokenSource();
        await using var stalled = await LoopbackServer.StartAsync(app =>
            app.MapGet("/api/v3/time", async (HttpContext context) =>
            {
                // Holds the request until the test ends: only the probe's own timeout can end the wait.
                using var both = CancellationTokenSource.CreateLinkedTokenSource(release.Token, context.RequestAborted);
                await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Ok();
            }));

        var result = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Binance", new Uri(stalled.Address, "api/v3/time"), "serverTime"), timeoutSeconds: 0.3);
        await release.CancelAsync();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unknown));
        Assert.That(result.Reason, Is.EqualTo("Binance did not answer within 0.3 s"));
    }

    [Test]
    public async Task Exchange_ConnectionRefused_Critical_NameUnresolvable_Unknown()
    {
        var refused = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Binance", new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/api/v3/time"), "serverTime"));
        var nowhere = await ProbeExchangeAsync(new ExchangeTimeEndpoint("Binance", new Uri("http://atra-probe.invalid/api/v3/time"), "serverTime"));

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HealthStatus.Critical), refused.Detail);
            Assert.That(refused.Reason, Is.EqualTo("Binance is unreachable"));
            Assert.That(nowhere.Status, Is.EqualTo(HealthStatus.Unknown), nowhere.Detail);
            Assert.That(nowhere.Reason, Does.Contain("cannot be reached from here (no network?)").Or.Contain("did not answer within"));
        });
    }

    [Test]
    public async Task Exchange_Replay_SaysNoExchangeIsAsked_AndTheServiceSkipsTheProbe()
    {
        using var http = new Factory();
        var replay = new ExchangeRestProbeCheck(new Endpoints("Replay"), http, Options_(), TimeProvider.System);
        var binance = new ExchangeRestProbeCheck(new Endpoints("Binance", new ExchangeTimeEndpoint("Binance", new Uri("http://127.0.0.1:1/"), "serverTime")), http, Options_(), TimeProvider.System);

        var result = (await replay.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Name, Is.EqualTo("exchange_replay"));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(await binance.CheckAsync(HealthCheckContext.Service, CancellationToken.None), Is.Empty, "the service grades its live feed instead");
    }

    [Test]
    public async Task CoinGecko_Ping_HealthyOk_429Warning_AbsentUnknown_EmptyUrlOff()
    {
        var rateLimited = false;
        await using var gecko = await LoopbackServer.StartAsync(app =>
            app.MapGet("/api/v3/ping", () => rateLimited
                ? Results.Json(new { status = new { error_code = 429, error_message = "You've exceeded the Rate Limit." } }, statusCode: 429)
                : Results.Text(File.ReadAllText(TestData("coingecko-ping.json")), "application/json")));
        using var http = new Factory();
        async Task<ComponentHealth?> PingAsync(string url) =>
            (await new PriceReferenceHealthCheck(http, Options_(url)).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).SingleOrDefault();

        var ok = await PingAsync(new Uri(gecko.Address, "api/v3").ToString());
        rateLimited = true;
        var limited = await PingAsync(new Uri(gecko.Address, "api/v3").ToString());
        var absent = await PingAsync("http://atra-coingecko.invalid/api/v3");
        var off = (await new PriceReferenceHealthCheck(http, Options_("")).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Count;

        Assert.Multiple(() =>
        {
            Assert.That(ok!.Status, Is.EqualTo(HealthStatus.Healthy), ok.Reason);
            Assert.That(ok.Reason, Does.StartWith("ping ok in "));
            Assert.That(limited!.Status, Is.EqualTo(HealthStatus.Warning));
            Assert.That(absent!.Status, Is.EqualTo(HealthStatus.Unknown), absent.Detail);
            Assert.That(off, Is.Zero);
        });
    }

    [Test]
    public async Task Telegram_NoNetwork_UnknownOnItsOwn_CriticalInTheService()
    {
        using var http = new Factory();
        var check = new TelegramHealthCheck(http, new RemoteProbeOptions(null, null, null, "123456:ABCdefSecretToken", "https://atra-telegram.invalid"), Options_());

        var alone = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();
        var service = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();

        Assert.That(alone.Status, Is.EqualTo(HealthStatus.Unknown), alone.Detail);
        Assert.That(service.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(alone.Detail ?? "", Does.Not.Contain("ABCdefSecretToken"));
    }

    [Test]
    public async Task Cli_OnItsOwn_ProbesExchangeTelegramAndCoinGecko_InATableOf80ColumnsWithHumanFigures()
    {
        const string token = "123456:ABCdefSecretToken";
        await using var fake = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/api/v3/time", () => Results.Text(WithTime("binance-time.json", "serverTime", TimeSpan.Zero), "application/json"));
            app.MapGet("/api/v3/ping", () => Results.Text(File.ReadAllText(TestData("coingecko-ping.json")), "application/json"));
            app.MapGet($"/bot{token}/getMe", () => Results.Text(File.ReadAllText(TestData("getMe.recorded-2021.json")), "application/json"));
        });
        using var db = new HealthTestDatabase();

        var (exit, stdout, stderr) = await AtraProcess.RunAsync(db.Folder,
        [
            "health",
            $"--Storage:Sqlite={db.Storage.Sqlite}", "--Storage:LegacyUsersFile=", $"--Logs:Folder={Path.Combine(db.Folder, "logs")}",
            .. TestWebHost.RelaxedSystemThresholds,
            "--Market:Source=Binance", $"--Market:Binance:SpotBaseUrl={fake.Address}",
            $"--Telegram:BotToken={token}", $"--Telegram:BaseUrl={fake.Address}",
            $"--Health:CoinGeckoUrl={new Uri(fake.Address, "api/v3")}",
            // A loaded test box answers slowly; latency grading has its own tests.
            "--Health:ExchangeLatencyWarning=00:01:00", "--Health:ExchangeLatencyCritical=00:02:00",
        ]);

        TestContext.Out.WriteLine(stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, stdout + stderr);
            Assert.That(lines.Max(l => l.TrimEnd('\r').Length), Is.LessThanOrEqualTo(80), "fits 80 columns");
            Assert.That(stdout, Does.Not.Contain("\u001b["), "plain text when redirected");
            Assert.That(stdout, Does.Contain("exchange_binance").And.Contain("telegram").And.Contain("coingecko").And.Contain("database").And.Contain("system"));
            Assert.That(stdout, Does.Contain(" MiB").Or.Contain(" GiB"), "bytes in binary units");
            Assert.That(stdout, Does.Contain(" %"));
            Assert.That(stdout, Does.Contain(" ms"));
            Assert.That(stdout, Does.Not.Contain("_bytes="), "no raw byte counts");
            Assert.That(stdout + stderr, Does.Not.Contain("ABCdefSecretToken"));
        });
    }
}
