using System.Diagnostics;
using System.Text.Json;
using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

/// <summary>A real Prometheus (Debian's) scrapes the host's /metrics; promtool validates deploy/.</summary>
public class PrometheusTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Test]
    public async Task Prometheus_ScrapesRunningHost_QueryReturnsAtraMetric()
    {
        var prometheusProgram = RequiredProgram.Find("prometheus", "prometheus");
        await using var host = await TestWebHost.StartAsync();
        host.Heartbeats.Beat("SignalScanWorker");
        var folder = Directory.CreateTempSubdirectory("atra-prometheus-");
        var port = LoopbackServer.FreePort();
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: atra
                metrics_path: /metrics
                static_configs:
                  - targets: ["{host.Address.Authority}"]
            """);
        var start = new ProcessStartInfo(prometheusProgram)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
        {
            start.ArgumentList.Add(arg);
        }
        using var prometheus = Process.Start(start)!;
        var log = prometheus.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var query = new Uri($"http://127.0.0.1:{port}/api/v1/query?query={Uri.EscapeDataString("atra_health_status{component=\"database\"}")}");
            JsonElement? result = null;
            // Bounded wait for Prometheus to start and scrape at least once: at most 60 polls.
            for (var i = 0; i < 60 && result is null && !prometheus.HasExited; i++)
            {
                await Task.Delay(1000);
                try
                {
                    using var answer = JsonDocument.Parse(await http.GetStringAsync(query));
                    var data = answer.RootElement.GetProperty("data").GetProperty("result");
                    if (data.GetArrayLength() > 0)
                    {
                        result = data[0].Clone();
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }
            Assert.That(result, Is.Not.Null, "Prometheus never returned the metric; its log: " + (prometheus.HasExited ? await log : "(still running)"));
            Assert.That(result!.Value.GetProperty("metric").GetProperty("job").GetString(), Is.EqualTo("atra"));
            Assert.That(result.Value.GetProperty("value")[1].GetString(), Is.EqualTo("0"), "database HEALTHY is 0");
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill();
                await prometheus.WaitForExitAsync();
            }
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The compose stack's Prometheus settings, with the rule files they load (the rules: Deploy/AlertRuleTests).</summary>
    [Test]
    public async Task PromtoolCheckConfig_DeployPrometheus_Valid()
    {
        Deploy.DeployTool.Require(Promtool, "prometheus");

        var (exit, output) = await Deploy.DeployTool.RunAsync(Promtool, ["check", "config", "prometheus.yml"], Deploy.DeployTool.DeployPath("prometheus"));

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("SUCCESS"));
    }
}
