using Microsoft.Extensions.DependencyInjection;
using Atra.Modules.Shared.Workers;
using System.Net;
using System.Text.Json;
using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

public class ReadyEndpointTests
{
    [Test]
    public async Task Ready_EverythingUp_200WithInterfaceShape()
    {
        await using var host = await TestWebHost.StartAsync();
        host.Heartbeats.Beat("SignalScanWorker");
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("HEALTHY"), body);
        Assert.That(root.GetProperty("checked_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
        var components = root.GetProperty("components");
        foreach (var name in new[] { "database", "system", "workers", "signal_generation" })
        {
            var component = components.GetProperty(name);
            Assert.That(component.GetProperty("status").GetString(), Is.EqualTo("HEALTHY"), $"{name}: {component}");
            Assert.That(component.GetProperty("reason").GetString(), Is.Not.Empty);
            Assert.That(component.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Object));
        }
        Assert.That(components.GetProperty("database").GetProperty("data").GetProperty("quick_check").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Ready_RedisConfiguredButDown_503Critical()
    {
        var port = LoopbackServer.FreePort();
        await using var host = await TestWebHost.StartAsync([$"--Redis:Configuration=127.0.0.1:{port},connectTimeout=500,asyncTimeout=500", "--Health:ProbeTimeout=00:00:01"]);
        host.Heartbeats.Beat("SignalScanWorker");
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("CRITICAL"));
        var redis = json.RootElement.GetProperty("components").GetProperty("redis");
        Assert.That(redis.GetProperty("status").GetString(), Is.EqualTo("CRITICAL"));
        Assert.That(redis.GetProperty("reason").GetString(), Does.Contain("PING"));

        using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on Redis");
    }

    [Test]
    public async Task Ready_ScanWorkerNeverBeat_503Unknown()
    {
        await using var host = await TestWebHost.StartAsync(customize: b => b.Services.AddSingleton<IWorkerHeartbeats, SilencedScanHeartbeats>());
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(json.RootElement.GetProperty("components").GetProperty("signal_generation").GetProperty("status").GetString(), Is.EqualTo("UNKNOWN"));
    }

    [Test]
    public async Task Mediator_GetHealthReportFresh_ReportOfThisService()
    {
        await using var host = await TestWebHost.StartAsync();
        host.Heartbeats.Beat("SignalScanWorker");
        var mediator = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Mediator.IMediator>(host.App.Services);

        var report = await mediator.Send(new Atra.Modules.Health.Contracts.GetHealthReport(Fresh: true));

        Assert.That(report.Status, Is.EqualTo(Atra.Modules.Health.Contracts.HealthStatus.Healthy), string.Join("; ", report.Components.Select(c => $"{c.Name}: {c.Reason}")));
        Assert.That(report.Components.Select(c => c.Name), Does.Contain("workers"));
    }

    [Test]
    public async Task Metrics_AfterHealthRun_ExposesAtraMetrics()
    {
        await using var host = await TestWebHost.StartAsync();
        host.Heartbeats.Beat("SignalScanWorker");
        using var http = new HttpClient { BaseAddress = host.Address };
        (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).Dispose();

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.That(metrics, Does.Contain("atra_health_status{component=\"database\"} 0"));
        Assert.That(metrics, Does.Contain("atra_worker_heartbeat_age_seconds{worker=\"SignalScanWorker\"}"));
        Assert.That(metrics, Does.Contain("atra_build_info{version="));
        Assert.That(metrics, Does.Contain("dotnet_collection_count_total"));
        Assert.That(metrics, Does.Contain("process_working_set_bytes"));
    }
}
