using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

public class HealthServiceTests
{
    private sealed class Fixed(string name, HealthStatus status) : IHealthCheckContributor
    {
        public string Name => name;

        public ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([ComponentHealth.Of(name, status, $"{name} is {status}")]);
    }

    private sealed class Throwing : IHealthCheckContributor
    {
        public string Name => "broken";

        public ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }

    private sealed class Hanging : IHealthCheckContributor
    {
        public string Name => "hanging";

        public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }

    private static HealthService Service(params IHealthCheckContributor[] contributors) =>
        new(contributors, Options.Create(new HealthOptions { CheckTimeout = TimeSpan.FromMilliseconds(300) }), TimeProvider.System, NullLogger<HealthService>.Instance);

    [Test]
    public async Task Run_MixedComponents_OverallIsWorst()
    {
        using var service = Service(new Fixed("a", HealthStatus.Healthy), new Fixed("b", HealthStatus.Warning), new Fixed("c", HealthStatus.Unknown));

        var report = await service.RunAsync(HealthCheckContext.Service, CancellationToken.None);

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unknown));
        Assert.That(report.Components.Select(c => c.Name), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(service.Latest, Is.SameAs(report));
    }

    [Test]
    public async Task Run_ThrowingAndHangingContributors_UnknownComponentsOthersStillReported()
    {
        using var service = Service(new Fixed("database", HealthStatus.Critical), new Throwing(), new Hanging());

        var report = await service.RunAsync(HealthCheckContext.Service, CancellationToken.None);

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Critical));
        var broken = report.Components.Single(c => c.Name == "broken");
        Assert.That(broken.Status, Is.EqualTo(HealthStatus.Unknown));
        Assert.That(broken.Reason, Is.EqualTo("the check itself failed"));
        Assert.That(broken.Detail, Does.Contain("boom"));
        var hanging = report.Components.Single(c => c.Name == "hanging");
        Assert.That(hanging.Status, Is.EqualTo(HealthStatus.Unknown));
        Assert.That(hanging.Reason, Does.Contain("did not finish"));
    }

    [Test]
    public async Task Run_SetsHealthGauge_PerComponent()
    {
        using var service = Service(new Fixed("gauge_test_component", HealthStatus.Critical));

        await service.RunAsync(HealthCheckContext.Service, CancellationToken.None);

        Assert.That(Atra.Modules.Shared.Metrics.AtraMetrics.HealthStatus.WithLabels("gauge_test_component").Value, Is.EqualTo(2));
    }

    [Test]
    public async Task Json_RoundTrip_KeepsShape()
    {
        using var service = Service(new Fixed("database", HealthStatus.Warning));
        var report = await service.RunAsync(HealthCheckContext.Service, CancellationToken.None);

        var json = HealthReportJson.Serialize(report, indented: true);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var parsed = HealthReportJson.Parse(json);

        Assert.That(document.RootElement.GetProperty("status").GetString(), Is.EqualTo("WARNING"));
        Assert.That(document.RootElement.GetProperty("checked_at").GetString(), Does.EndWith("Z"));
        Assert.That(document.RootElement.GetProperty("components").GetProperty("database").GetProperty("reason").GetString(), Is.EqualTo("database is Warning"));
        Assert.That(parsed.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(parsed.Components.Single().Name, Is.EqualTo("database"));
    }

    [Test]
    public async Task SystemCheck_OnThisMachine_ReadsProcFigures()
    {
        using var db = new HealthTestDatabase();
        var check = new SystemHealthCheck(Options.Create(new HealthOptions()), db.StorageOptions, TimeProvider.System);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Data.Keys, Is.SupersetOf(new[] { "cpu_percent", "memory_used_percent", "disk_free_percent", "load_per_core" }));
        Assert.That((double)result.Data["memory_used_percent"]!, Is.InRange(0d, 100d));
    }

    [Test]
    public async Task SystemCheck_MemoryAboveCritical_CriticalNamingMemory()
    {
        using var db = new HealthTestDatabase();
        var options = new HealthOptions { MemoryWarningPercent = 0, MemoryCriticalPercent = 0, CpuWarningPercent = 1000, LoadPerCoreWarning = 1000 };
        var check = new SystemHealthCheck(Options.Create(options), db.StorageOptions, TimeProvider.System);

        var result = (await check.CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("memory").And.Contain("(critical)"));
    }
}
