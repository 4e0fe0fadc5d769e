using System.Reflection;
using System.Text.Json;
using Atra.Host.Platform;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Host;

/// <summary>
/// Every section of appsettings.json is validated at start and a bad value stops the start with one line naming the
/// key (issue 15): the first test finds a section nobody validates, the cases show one bad key per section.
/// </summary>
[NonParallelizable]
public class SettingsValidationTests
{
    /// <summary>Not Atra's own: the listening addresses (Kestrel's) and Serilog's levels (Serilog's reader).</summary>
    private static readonly string[] NotOurs = ["Urls", "Serilog"];

    [Test]
    public void EverySection_OfTheSettingsFile_HasAValidatorRegistered()
    {
        using var folder = new TempFolder();
        var sections = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "appsettings.json")))
            .RootElement.EnumerateObject().Select(p => p.Name).Except(NotOurs).ToList();
        var optionTypes = new[] { typeof(Atra.Host.Program).Assembly, typeof(Atra.Modules.Shared.SharedModule).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true })
            .Select(x => (x.Type, Section: (string)x.Field!.GetRawConstantValue()!))
            .ToList();
        // The web host's services: Http's options are registered only where HTTP is served.
        using var app = AtraHost.BuildWeb(["--urls=http://127.0.0.1:0", $"--Storage:Sqlite={folder.File("atra.db")}", $"--Logs:Folder={folder.File("logs")}"]);

        var unvalidated = sections.Where(section =>
            !optionTypes.Where(o => o.Section == section).Any(o =>
                app.Services.GetServices(typeof(IValidateOptions<>).MakeGenericType(o.Type)).Any())).ToList();

        Assert.That(unvalidated, Is.Empty, "settings sections without an IValidateOptions (a validator or data annotations)");
    }

    [TestCase("Storage:KeepBackups", "0", "Storage:KeepBackups: must be between 1 and 1000.")]
    [TestCase("Storage:BackupSchedule", "every night", "Storage:BackupSchedule: 'every night' is not a five-field cron expression")]
    [TestCase("Redis:KeyPrefix", " ", "Redis:KeyPrefix: must be non-empty without spaces")]
    [TestCase("Positions:ReconcileInterval", "00:00:00", "Positions:ReconcileInterval: must be between")]
    [TestCase("Backtest:MaxQueuedRuns", "0", "Backtest:MaxQueuedRuns: must be between 1 and 100.")]
    [TestCase("Market:StoreDepth", "1", "Market:StoreDepth: must be between 10 and 100000.")]
    [TestCase("Signals:Interval", "7m", "Signals:Interval: '7m' is not a candle interval")]
    [TestCase("Auth:MaxFailedLogins", "0", "Auth:MaxFailedLogins: must be between 1 and 100.")]
    [TestCase("Jwt:Issuer", "", "Jwt:Issuer: required.")]
    [TestCase("Telegram:GlobalRatePerSecond", "0", "Telegram:GlobalRatePerSecond must be between 1 and 1000")]
    [TestCase("Health:ReadyCacheFor", "-00:00:01", "Health:ReadyCacheFor must not be negative.")]
    [TestCase("MLOps:DriftSchedule", "x", "MLOps:DriftSchedule: 'x' is not a cron expression")]
    [TestCase("Logs:RetainedFileCountLimit", "0", "Logs:RetainedFileCountLimit: must be between 1 and 10000.")]
    [TestCase("Elasticsearch:RetentionDays", "0", "Elasticsearch:RetentionDays: must be between 1 and 3650.")]
    [TestCase("Retention:BatchSize", "0", "Retention:BatchSize: must be between 1 and 100000.")]
    public async Task Start_BadValue_OneLineNamingTheKey_Exit1(string key, string value, string message)
    {
        using var folder = new TempFolder();

        var (exit, stdout, stderr) = await CliTests.RunAsync("health", $"--Storage:Sqlite={folder.File("atra.db")}", $"--Logs:Folder={folder.File("logs")}", $"--{key}={value}");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("atra: invalid settings: ").And.Contain(message));
            Assert.That(stderr.Trim(), Does.Not.Contain('\n'));
            Assert.That(stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Serve_BadHttpValue_OneLineNamingTheKey_Exit1()
    {
        using var folder = new TempFolder();

        var (exit, _, stderr) = await CliTests.RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--Storage:Sqlite={folder.File("atra.db")}", $"--Logs:Folder={folder.File("logs")}", "--Http:MaxRequestBodyBytes=10");

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("atra: invalid settings: ").And.Contain("Http:MaxRequestBodyBytes: must be at least 1024."));
    }
}
