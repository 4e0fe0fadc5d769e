using System.Net.Http.Json;
using Atra.Tests.Fakes;

namespace Atra.Tests.Deploy;

/// <summary>
/// deploy/alertmanager: the config template rendered by the same script the container runs, checked by amtool, its
/// routes by severity, and a real Alertmanager delivering a firing alert to a loopback Bot API speaking Telegram's
/// protocol, the way it reaches the operators' chat.
/// </summary>
public class AlertmanagerTests
{
    private const string Amtool = "/usr/bin/amtool";
    private const string Alertmanager = "/usr/bin/prometheus-alertmanager";
    private const string Token = "123456789:AAE-test_token";
    private const long ChatId = -1001234567890;

    [Test]
    public async Task AmtoolCheckConfig_RenderedTemplate_Valid()
    {
        DeployTool.Require(Amtool, "prometheus-alertmanager");
        using var folder = new TempFolder();
        var config = await RenderAsync(folder.Path, "https://api.telegram.org");

        var (exit, output) = await DeployTool.RunAsync(Amtool, ["check-config", config]);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("SUCCESS").And.Contain("1 templates"));
        var rendered = await File.ReadAllTextAsync(config);
        Assert.That(rendered, Does.Contain($"chat_id: {ChatId}").And.Contain($"bot_token: '{Token}'").And.Not.Contain("_BOT_TOKEN}").And.Not.Contain("_CHAT_ID}").And.Not.Contain("_API_URL}"));
    }

    [TestCase("severity=critical", "telegram-critical")]
    [TestCase("severity=warning", "telegram-warning")]
    [TestCase("severity=info", "none")]
    [TestCase("alertname=NoSeverity", "telegram-warning")]
    public async Task Routes_BySeverity(string label, string receiver)
    {
        DeployTool.Require(Amtool, "prometheus-alertmanager");
        using var folder = new TempFolder();
        var config = await RenderAsync(folder.Path, "https://api.telegram.org");

        var (exit, output) = await DeployTool.RunAsync(Amtool, ["config", "routes", "test", $"--config.file={config}", "alertname=AtraTest", label]);

        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Does.Contain(receiver));
    }

    [TestCase("ATRA_ALERT_TELEGRAM_BOT_TOKEN", "", "ATRA_ALERT_TELEGRAM_BOT_TOKEN is missing")]
    [TestCase("ATRA_ALERT_TELEGRAM_BOT_TOKEN", "12345", "ATRA_ALERT_TELEGRAM_BOT_TOKEN is missing or not a bot token")]
    [TestCase("ATRA_ALERT_TELEGRAM_BOT_TOKEN", "1:a|b", "ATRA_ALERT_TELEGRAM_BOT_TOKEN is missing or not a bot token")]
    [TestCase("ATRA_ALERT_TELEGRAM_CHAT_ID", "", "ATRA_ALERT_TELEGRAM_CHAT_ID must be the chat's numeric id")]
    [TestCase("ATRA_ALERT_TELEGRAM_CHAT_ID", "@operators", "ATRA_ALERT_TELEGRAM_CHAT_ID must be the chat's numeric id")]
    [TestCase("ATRA_ALERT_TELEGRAM_CHAT_ID", "12-3", "ATRA_ALERT_TELEGRAM_CHAT_ID must be the chat's numeric id")]
    [TestCase("ATRA_ALERT_TELEGRAM_API_URL", "ftp://x", "ATRA_ALERT_TELEGRAM_API_URL must be an http(s) address")]
    public async Task RenderConfig_MissingOrMalformedValue_RefusesNamingIt(string variable, string value, string message)
    {
        using var folder = new TempFolder();
        var environment = Environment(folder.Path, "https://api.telegram.org");
        environment[variable] = value;

        var (exit, output) = await DeployTool.RunAsync("/bin/sh", [DeployTool.DeployPath("alertmanager", "render-config.sh"), DeployTool.DeployPath("alertmanager"), folder.Path], environment: environment);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain(message));
        Assert.That(File.Exists(Path.Combine(folder.Path, "alertmanager.yml")), Is.False, "nothing rendered");
    }

    [Test]
    public async Task Alertmanager_CriticalAlert_ReachesTheOperatorsChatLoudly()
    {
        DeployTool.Require(Alertmanager, "prometheus-alertmanager");
        await using var telegram = await FakeBotApi.StartAsync(Token);
        using var folder = new TempFolder();
        var config = await RenderAsync(folder.Path, telegram.BaseUrl.TrimEnd('/'));
        var port = LoopbackServer.FreePort();
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Alertmanager)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.path={Path.Combine(folder.Path, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var log = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await WaitReadyAsync(http, process);
            var alert = new[]
            {
                new
                {
                    labels = new Dictionary<string, string> { ["alertname"] = "AtraHealthCritical", ["severity"] = "critical", ["component"] = "database" },
                    annotations = new Dictionary<string, string>
                    {
                        ["summary"] = "Atra component database is CRITICAL",
                        ["description"] = "free disk < 3 % & falling",
                    },
                    startsAt = DateTimeOffset.UtcNow.AddMinutes(-3),
                },
            };
            using (var posted = await http.PostAsJsonAsync("/api/v2/alerts", alert))
            {
                Assert.That(posted.IsSuccessStatusCode, Is.True, await posted.Content.ReadAsStringAsync());
            }

            // The critical route waits 10 s (group_wait) for more alerts of the group before it sends.
            var message = await telegram.WaitForAsync(ChatId, _ => true, timeout: TimeSpan.FromSeconds(40));

            Assert.That(message.ParseMode, Is.EqualTo("HTML"));
            Assert.That(message.DisableNotification, Is.False, "critical alerts ring");
            Assert.That(message.Text, Does.Contain("FIRING (critical): AtraHealthCritical"));
            Assert.That(message.Text, Does.Contain("<b>Atra component database is CRITICAL</b>"));
            Assert.That(message.Text, Does.Contain("free disk &lt; 3 % &amp; falling"), "annotation text is escaped for Telegram's HTML mode");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            TestContext.Out.WriteLine(await log);
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, System.Diagnostics.Process process)
    {
        // Bounded: at most 30 s for the process to listen.
        for (var i = 0; i < 150 && !process.HasExited; i++)
        {
            try
            {
                using var ready = await http.GetAsync("/-/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail("Alertmanager never became ready" + (process.HasExited ? $" (exit {process.ExitCode})" : ""));
    }

    private static Dictionary<string, string?> Environment(string folder, string apiUrl) => new()
    {
        ["ATRA_ALERT_TELEGRAM_BOT_TOKEN"] = Token,
        ["ATRA_ALERT_TELEGRAM_CHAT_ID"] = ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ATRA_ALERT_TELEGRAM_API_URL"] = apiUrl,
        ["HOME"] = folder,
    };

    /// <summary>Renders deploy/alertmanager into <paramref name="folder"/> with the container's own script.</summary>
    private static async Task<string> RenderAsync(string folder, string apiUrl)
    {
        var (exit, output) = await DeployTool.RunAsync(
            "/bin/sh", [DeployTool.DeployPath("alertmanager", "render-config.sh"), DeployTool.DeployPath("alertmanager"), folder], environment: Environment(folder, apiUrl));
        Assert.That(exit, Is.Zero, output);
        return Path.Combine(folder, "alertmanager.yml");
    }
}
