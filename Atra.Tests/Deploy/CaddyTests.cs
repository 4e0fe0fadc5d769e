using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Atra.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atra.Tests.Deploy;

/// <summary>
/// deploy/caddy/Caddyfile run by Debian's real Caddy on free loopback ports with its internal CA (what a host
/// without a public domain gets), in front of loopback upstreams that echo what reached them.
/// </summary>
public class CaddyTests
{
    private const string Caddy = "/usr/bin/caddy";

    [Test]
    public async Task CaddyValidate_Caddyfile_Valid()
    {
        DeployTool.Require(Caddy, "caddy");
        using var folder = new TempFolder();

        var (exit, output) = await DeployTool.RunAsync(Caddy, ["validate", "--adapter", "caddyfile", "--config", DeployTool.DeployPath("caddy", "Caddyfile")],
            folder.Path, Environment(folder.Path, 80, 443, "atra:8080", "grafana:3000", "kibana:5601"));

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("Valid configuration"));
    }

    [Test]
    public async Task Caddy_RoutesEachPath_HidesMetrics_ReplacesSpoofedForwardedHeaders()
    {
        DeployTool.Require(Caddy, "caddy");
        using var folder = new TempFolder();
        await using var atra = await EchoAsync("atra");
        await using var grafana = await EchoAsync("grafana");
        await using var kibana = await EchoAsync("kibana");
        var (httpPort, httpsPort) = (LoopbackServer.FreePort(), LoopbackServer.FreePort());
        var start = new System.Diagnostics.ProcessStartInfo(Caddy)
        {
            ArgumentList = { "run", "--adapter", "caddyfile", "--config", DeployTool.DeployPath("caddy", "Caddyfile") },
            WorkingDirectory = folder.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Environment(folder.Path, httpPort, httpsPort, atra.Address.Authority, grafana.Address.Authority, kibana.Address.Authority))
        {
            start.Environment[key] = value;
        }
        using var caddy = System.Diagnostics.Process.Start(start)!;
        var log = caddy.StandardError.ReadToEndAsync();
        try
        {
            using var http = await ClientTrustingCaddysCaAsync(folder.Path, caddy);
            var root = new Uri($"https://127.0.0.1:{httpsPort}");

            var status = await EchoedAsync(http, new Uri(root, "/api/signals?limit=5"), spoofedFor: "203.0.113.9");
            Assert.That(status.Server, Is.EqualTo("atra"));
            Assert.That(status.Path, Is.EqualTo("/api/signals?limit=5"));
            Assert.That(status.ForwardedFor, Is.EqualTo("127.0.0.1"), "a client's own X-Forwarded-For is replaced, never passed on");
            Assert.That(status.ForwardedProto, Is.EqualTo("https"));
            Assert.That((await EchoedAsync(http, new Uri(root, "/"))).Server, Is.EqualTo("atra"), "the status page");
            Assert.That((await EchoedAsync(http, new Uri(root, "/telegram/webhook"))).Server, Is.EqualTo("atra"), "the Telegram webhook");
            var dashboards = await EchoedAsync(http, new Uri(root, "/grafana/d/atra"));
            Assert.That((dashboards.Server, dashboards.Path), Is.EqualTo(("grafana", "/grafana/d/atra")), "Grafana serves from its sub-path: the prefix is kept");
            var logs = await EchoedAsync(http, new Uri(root, "/kibana/app/home"));
            Assert.That((logs.Server, logs.Path), Is.EqualTo(("kibana", "/kibana/app/home")));

            using var metrics = await http.GetAsync(new Uri(root, "/metrics"));
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "metrics stay inside the compose network");
            using var page = await http.GetAsync(root);
            Assert.That(page.Headers.Contains("Strict-Transport-Security"), Is.True);
            Assert.That(page.Headers.Contains("Server"), Is.False);

            using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var redirect = await plain.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/api/signals"));
            Assert.That((int)redirect.StatusCode, Is.EqualTo(308), "plain HTTP only redirects");
            Assert.That(redirect.Headers.Location?.Scheme, Is.EqualTo("https"));
        }
        finally
        {
            caddy.Kill();
            await caddy.WaitForExitAsync();
            TestContext.Out.WriteLine(await log);
        }
    }

    private sealed record Echo(string Server, string Path, string? ForwardedFor, string? ForwardedProto);

    private static async Task<Echo> EchoedAsync(HttpClient http, Uri uri, string? spoofedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (spoofedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", spoofedFor);
            request.Headers.Add("X-Forwarded-Proto", "http");
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{uri}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Echo>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>An upstream that answers every path with what reached it.</summary>
    private static Task<LoopbackServer> EchoAsync(string name) => LoopbackServer.StartAsync(app =>
        app.Run(context => context.Response.WriteAsJsonAsync(new Echo(
            name,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers["X-Forwarded-For"].ToString(),
            context.Request.Headers["X-Forwarded-Proto"].ToString()))));

    /// <summary>An HTTPS client that trusts only the root Caddy's internal CA made (waits for Caddy to write it).</summary>
    private static async Task<HttpClient> ClientTrustingCaddysCaAsync(string folder, System.Diagnostics.Process caddy)
    {
        var rootFile = Path.Combine(folder, "data", "caddy", "pki", "authorities", "local", "root.crt");
        // Bounded: at most 30 s for Caddy to create its CA and listen.
        for (var i = 0; i < 150 && !File.Exists(rootFile) && !caddy.HasExited; i++)
        {
            await Task.Delay(200);
        }
        Assert.That(File.Exists(rootFile), Is.True, "Caddy never created its internal CA");
        var root = X509CertificateLoader.LoadCertificateFromFile(rootFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, sent, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                // The intermediate Caddy sent with its certificate.
                foreach (var element in sent?.ChainElements.ToArray() ?? [])
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        // Caddy issues the site's certificate in the background: retry the first request until it is served.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri($"https://127.0.0.1:{caddy.StartInfo.Environment["ATRA_HTTPS_PORT"]}/health/live"));
                return client;
            }
            catch (HttpRequestException) when (!caddy.HasExited)
            {
                await Task.Delay(200);
            }
        }
        Assert.Fail("Caddy never served HTTPS");
        return client;
    }

    private static Dictionary<string, string?> Environment(string folder, int httpPort, int httpsPort, string atra, string grafana, string kibana) => new()
    {
        ["HOME"] = folder,
        ["XDG_DATA_HOME"] = Path.Combine(folder, "data"),
        ["XDG_CONFIG_HOME"] = Path.Combine(folder, "config"),
        ["ATRA_DOMAIN"] = "127.0.0.1",
        ["ATRA_TLS"] = "internal",
        ["ATRA_HTTP_PORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ATRA_HTTPS_PORT"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ATRA_UPSTREAM_HOST"] = atra.Split(':')[0],
        ["ATRA_UPSTREAM_PORT"] = atra.Split(':')[1],
        ["ATRA_GRAFANA_UPSTREAM"] = grafana,
        ["ATRA_KIBANA_UPSTREAM"] = kibana,
    };
}
