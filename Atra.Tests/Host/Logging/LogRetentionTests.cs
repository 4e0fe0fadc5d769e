using System.Text.Json;
using Atra.Host.Platform.Logging;
using Atra.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog;

namespace Atra.Tests.Host.Logging;

/// <summary>
/// Logs that do not grow forever (issue 15): files roll by size as well as by day, keeping Logs:RetainedFileCountLimit;
/// the Elasticsearch indices get an ILM policy deleting them after Elasticsearch:RetentionDays (against a loopback
/// fake checking the API calls); both sections are validated at start naming the key.
/// </summary>
[NonParallelizable]
public class LogRetentionTests
{
    [Test]
    public void Files_ReachingFileSizeLimit_RollWithinTheDay_AndOnlyTheRetainedCountStays()
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logs:Folder"] = folder.Path,
                ["Logs:FileSizeLimitBytes"] = (LogsOptions.MinFileSizeLimitBytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logs:RetainedFileCountLimit"] = "3",
            })
            .Build();

        var line = new string('x', 1000);
        using (var log = AtraLogging.Configure(new LoggerConfiguration(), configuration, command: true, new ElasticsearchSinkStats(), TimeProvider.System).CreateLogger())
        {
            // About 6 MiB into a 1 MiB limit: six files' worth, of which three are kept.
            for (var i = 0; i < 6000; i++)
            {
                log.Information("{Line} {N}", line, i);
            }
        }

        var files = Directory.GetFiles(folder.Path, "atra_system*.log");
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Length.EqualTo(3), string.Join(", ", files.Select(Path.GetFileName)));
            // Serilog checks the size before each event, so a file may pass the limit by the one event that reached it.
            Assert.That(files.Select(f => new FileInfo(f).Length), Has.All.LessThanOrEqualTo(LogsOptions.MinFileSizeLimitBytes + 4096));
            Assert.That(File.ReadAllText(files.Order(StringComparer.Ordinal).Last()), Does.Contain("\"N\":5999"), "the newest events are in the newest file");
        });
    }

    [Test]
    public async Task Lifecycle_InstallsThePolicyTheTemplateAndTheExistingIndicesSettings_WithCredentials()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        es.FailNext = 2; // still starting: answered 503 twice, then up
        var options = new ElasticsearchOptions { Url = es.Url.ToString(), Username = "elastic", Password = "s3cret", RetentionDays = 21 };
        var lifecycle = new ElasticsearchLifecycle(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProviderAutoAdvance(), NullLogger<ElasticsearchLifecycle>.Instance);

        await lifecycle.StartAsync(CancellationToken.None);
        await lifecycle.ExecuteTask!;

        var puts = es.Puts.ToList();
        Assert.That(puts.Select(p => p.PathAndQuery), Is.EqualTo(new[]
        {
            "/_ilm/policy/atra-logs-retention",
            "/_index_template/atra-logs",
            "/atra-logs-*/_settings?allow_no_indices=true",
        }));
        Assert.That(puts.Select(p => p.Authorization), Has.All.EqualTo("Basic " + Convert.ToBase64String("elastic:s3cret"u8.ToArray())));
        using var policy = JsonDocument.Parse(puts[0].Body);
        var delete = policy.RootElement.GetProperty("policy").GetProperty("phases").GetProperty("delete");
        Assert.That(delete.GetProperty("min_age").GetString(), Is.EqualTo("21d"));
        Assert.That(delete.GetProperty("actions").TryGetProperty("delete", out _), Is.True);
        using var template = JsonDocument.Parse(puts[1].Body);
        Assert.That(template.RootElement.GetProperty("index_patterns")[0].GetString(), Is.EqualTo("atra-logs-*"));
        Assert.That(template.RootElement.GetProperty("template").GetProperty("settings").GetProperty("index.lifecycle.name").GetString(), Is.EqualTo("atra-logs-retention"));
        using var settings = JsonDocument.Parse(puts[2].Body);
        Assert.That(settings.RootElement.GetProperty("index.lifecycle.name").GetString(), Is.EqualTo("atra-logs-retention"));
    }

    [Test]
    public async Task Lifecycle_NoUrl_CallsNothing()
    {
        var lifecycle = new ElasticsearchLifecycle(Microsoft.Extensions.Options.Options.Create(new ElasticsearchOptions()), TimeProvider.System, NullLogger<ElasticsearchLifecycle>.Instance);

        await lifecycle.StartAsync(CancellationToken.None);

        await lifecycle.ExecuteTask!;
        Assert.That(lifecycle.ExecuteTask!.IsCompletedSuccessfully, Is.True);
    }

    [TestCase("Logs:RetainedFileCountLimit", "0", "Logs:RetainedFileCountLimit: must be between 1 and 10000.")]
    [TestCase("Logs:FileSizeLimitBytes", "1000", "Logs:FileSizeLimitBytes: must be between 1048576 (1 MiB)")]
    [TestCase("Logs:Files:sub/x.log:0", "api", "Logs:Files:sub/x.log: must be a plain file name")]
    [TestCase("Elasticsearch:Url", "elasticsearch:9200", "Elasticsearch:Url: 'elasticsearch:9200' is not an absolute http(s) URL")]
    [TestCase("Elasticsearch:IndexPrefix", "Atra*", "Elasticsearch:IndexPrefix: 'Atra*' must be")]
    [TestCase("Elasticsearch:RetentionDays", "0", "Elasticsearch:RetentionDays: must be between 1 and 3650.")]
    [TestCase("Elasticsearch:Username", "elastic", "Elasticsearch:Username and Elasticsearch:Password: set both or neither.")]
    [TestCase("Elasticsearch:BatchSize", "0", "Elasticsearch:BatchSize: must be between 1 and 10000.")]
    public async Task Cli_BadLoggingSetting_RefusesNamingTheKey(string key, string value, string message)
    {
        using var folder = new TempFolder();
        string[] args = key == "Logs:Folder" ? [] : [$"--Logs:Folder={folder.File("logs")}"];

        var (exit, _, stderr) = await CliTests.RunAsync(["health", $"--Storage:Sqlite={folder.File("atra.db")}", .. args, $"--{key}={value}"]);

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain(message));
    }

    /// <summary>A clock whose delays end at once, so retries with backoff run without waiting.</summary>
    private sealed class FakeTimeProviderAutoAdvance : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            TimeProvider.System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
