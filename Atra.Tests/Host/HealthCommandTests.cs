using Microsoft.Extensions.DependencyInjection;
using Atra.Modules.Shared.Workers;
using System.Text.Json;
using Atra.Tests.Fakes;
using Atra.Tests.Health;

namespace Atra.Tests.Host;

/// <summary><c>atra health</c> as a process: JSON on stdout, exit code = status (0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).</summary>
public class HealthCommandTests
{
    private static string[] Settings(HealthTestDatabase db, params string[] extra) =>
    [
        $"--Storage:Sqlite={db.Storage.Sqlite}",
        "--Storage:LegacyUsersFile=",
        $"--Logs:Folder={Path.Combine(db.Folder, "logs")}",
        .. TestWebHost.RelaxedSystemThresholds,
        // No network here: CoinGecko would be UNKNOWN (see HealthProbesTests for the probes).
        "--Health:CoinGeckoUrl=",
        .. extra,
    ];

    private static JsonElement ParseSingleDocument(string stdout)
    {
        // One JSON document and nothing else on stdout: JsonDocument.Parse refuses trailing content.
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }

    [Test]
    public async Task Json_HealthyDatabase_ValidJsonExitZero()
    {
        using var db = new HealthTestDatabase();

        var (exit, stdout, stderr) = await AtraProcess.RunAsync(db.Folder, ["health", "--json", .. Settings(db)]);

        var root = ParseSingleDocument(stdout);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("HEALTHY"), stdout + stderr);
        Assert.That(exit, Is.Zero);
        Assert.That(root.GetProperty("components").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("HEALTHY"));
        Assert.That(root.GetProperty("components").GetProperty("system").GetProperty("data").GetProperty("cores").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
        Assert.That(root.GetProperty("components").TryGetProperty("workers", out _), Is.False, "heartbeats are not visible outside the service");
    }

    [Test]
    public async Task Json_MemoryThresholdZero_WarningExitOne()
    {
        using var db = new HealthTestDatabase();

        var (exit, stdout, _) = await AtraProcess.RunAsync(db.Folder, ["health", "--json", .. Settings(db, "--Health:MemoryWarningPercent=0")]);

        Assert.That(ParseSingleDocument(stdout).GetProperty("status").GetString(), Is.EqualTo("WARNING"));
        Assert.That(exit, Is.EqualTo(1));
    }

    [Test]
    public async Task Json_NoDatabase_CriticalExitTwo()
    {
        using var db = new HealthTestDatabase(migrate: false);

        var (exit, stdout, _) = await AtraProcess.RunAsync(db.Folder, ["health", "--json", .. Settings(db)]);

        var root = ParseSingleDocument(stdout);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("CRITICAL"));
        Assert.That(root.GetProperty("components").GetProperty("database").GetProperty("reason").GetString(), Does.Contain("no database"));
        Assert.That(exit, Is.EqualTo(2));
    }

    [Test]
    public async Task Json_UrlOfRunningService_ItsReportAndExitCode()
    {
        await using var host = await TestWebHost.StartAsync(customize: b => b.Services.AddSingleton<IWorkerHeartbeats, SilencedScanHeartbeats>());

        // The scan worker never beat in this host: signal_generation is UNKNOWN, so the service is UNKNOWN (3).
        var (exit, stdout, stderr) = await AtraProcess.RunAsync(host.Database.Folder, "health", "--json", "--url", host.Address.ToString());

        var root = ParseSingleDocument(stdout);
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("UNKNOWN"), stdout + stderr);
        Assert.That(exit, Is.EqualTo(3));
        Assert.That(root.GetProperty("components").GetProperty("workers").GetProperty("status").GetString(), Is.EqualTo("HEALTHY"));

        ((SilencedScanHeartbeats)host.Heartbeats).SilenceScan = false;
        host.Heartbeats.Beat("SignalScanWorker");
        var (healthyExit, healthyOut, _) = await AtraProcess.RunAsync(host.Database.Folder, "health", "--json", "--url", host.Address + "health/ready");
        Assert.That(ParseSingleDocument(healthyOut).GetProperty("status").GetString(), Is.EqualTo("HEALTHY"));
        Assert.That(healthyExit, Is.Zero);
    }

    [Test]
    public async Task Json_UrlNothingListens_CriticalExitTwo()
    {
        var (exit, stdout, _) = await AtraProcess.RunAsync(Path.GetTempPath(), "health", "--json", "--url", $"http://127.0.0.1:{LoopbackServer.FreePort()}");

        var root = ParseSingleDocument(stdout);
        Assert.That(root.GetProperty("components").GetProperty("service").GetProperty("reason").GetString(), Does.Contain("unreachable"));
        Assert.That(exit, Is.EqualTo(2));
    }

    [Test]
    public async Task Table_NotATerminal_PlainTableWithComponents()
    {
        using var db = new HealthTestDatabase();

        var (exit, stdout, _) = await AtraProcess.RunAsync(db.Folder, ["health", .. Settings(db)]);

        Assert.That(exit, Is.Zero, stdout);
        Assert.That(stdout, Does.Contain("database").And.Contain("HEALTHY").And.Contain("system"));
    }

    [Test]
    public async Task BadInterval_UsageErrorExitOne()
    {
        var (exit, _, stderr) = await AtraProcess.RunAsync(Path.GetTempPath(), "health", "--watch", "--interval", "0");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("--interval"));
    }
}
