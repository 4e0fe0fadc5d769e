using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Atra.Host.Platform.Logging;
using Atra.Tests.Fakes;
using Serilog;
using Serilog.Debugging;

namespace Atra.Tests.Host.Logging;

[NonParallelizable]
public class ElasticsearchBulkSinkTests
{
    private static Serilog.Core.Logger Logger(ElasticsearchOptions options, ElasticsearchSinkStats stats) =>
        new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .WriteTo.Sink(AtraLogging.CreateElasticsearchSink(options, stats, TimeProvider.System))
            .CreateLogger();

    private static ElasticsearchOptions Options(Uri url) => new()
    {
        Url = url.ToString(),
        Period = TimeSpan.FromMilliseconds(50),
        BatchSize = 100,
        RetryTimeLimit = TimeSpan.FromSeconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task Emit_Events_PostsBulkNdjsonOfEcsDocumentsToTheDailyIndex()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        var stats = new ElasticsearchSinkStats();
        using (var log = Logger(Options(es.Url), stats))
        using (Atra.Modules.Shared.Logging.AtraLogContext.Push("trading", "signal_generation", 42, "BTCUSDT"))
        {
            log.ForContext("SourceContext", "Atra.Modules.Signals.Scan").Information("Signal {SignalId} for {Symbol}", 7, "BTCUSDT");
            log.Error(new InvalidOperationException("boom"), "Failed to close {PositionId}", 9);
        }

        // The first event may go alone (Serilog emits it eagerly); together the requests hold both events.
        var requests = es.Requests.ToList();
        Assert.That(requests.Select(r => r.ContentType), Is.All.EqualTo("application/x-ndjson"));
        Assert.That(requests.Select(r => r.Body), Is.All.EndsWith("\n"), "the bulk API needs a final newline");
        var lines = requests.SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(4));
        using var action = JsonDocument.Parse(lines[0]);
        Assert.That(action.RootElement.GetProperty("create").GetProperty("_index").GetString(), Does.Match(@"^atra-logs-\d{4}\.\d{2}\.\d{2}$"));
        using var info = JsonDocument.Parse(lines[1]);
        using var error = JsonDocument.Parse(lines[3]);
        Assert.Multiple(() =>
        {
            Assert.That(info.RootElement.GetProperty("@timestamp").GetString(), Does.EndWith("Z"));
            Assert.That(info.RootElement.GetProperty("message").GetString(), Is.EqualTo("Signal 7 for \"BTCUSDT\""));
            Assert.That(info.RootElement.GetProperty("log").GetProperty("level").GetString(), Is.EqualTo("Information"));
            Assert.That(info.RootElement.GetProperty("log").GetProperty("logger").GetString(), Is.EqualTo("Atra.Modules.Signals.Scan"));
            Assert.That(info.RootElement.GetProperty("ecs").GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(info.RootElement.GetProperty("atra").GetProperty("user_id").GetInt64(), Is.EqualTo(42));
            Assert.That(info.RootElement.GetProperty("atra").GetProperty("module").GetString(), Is.EqualTo("trading"));
            Assert.That(info.RootElement.GetProperty("atra").GetProperty("SignalId").GetInt32(), Is.EqualTo(7));
            Assert.That(error.RootElement.GetProperty("error").GetProperty("type").GetString(), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(error.RootElement.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("boom"));
        });
        Assert.That(stats.Shipped, Is.EqualTo(2));
    }

    [Test]
    public async Task Emit_ServerFailsTwiceThenRecovers_RetriesAndLosesNothing()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        es.FailNext = 2;
        var stats = new ElasticsearchSinkStats();
        using (var log = Logger(Options(es.Url), stats))
        {
            for (var i = 0; i < 50; i++)
            {
                log.Information("Event {N}", i);
            }
        }

        Assert.That(es.Documents().Count(), Is.EqualTo(50));
        Assert.That(stats.FailedRequests, Is.EqualTo(2));
        Assert.That(stats.Dropped, Is.Zero);
    }

    [Test]
    public void Emit_ServerDown_NeverBlocksDropsBeyondTheBufferCountsAndSelfLogs()
    {
        var selfLog = new StringWriter();
        SelfLog.Enable(TextWriter.Synchronized(selfLog));
        try
        {
            var options = Options(new Uri($"http://127.0.0.1:{FreePort()}/"));
            options.BufferLimit = 100;
            options.RetryTimeLimit = TimeSpan.FromSeconds(3); // longer than the logging loop, even on a loaded machine
            var stats = new ElasticsearchSinkStats();
            using (var log = Logger(options, stats))
            {
                for (var i = 0; i < 5_000; i++)
                {
                    log.Information("Event {N}", i);
                }
                Assert.That(stats.Pending, Is.LessThanOrEqualTo(100), "the buffer is bounded");
                Assert.That(stats.Dropped, Is.GreaterThanOrEqualTo(4_900), "what does not fit is dropped and counted");
            }

            Assert.That(stats.Shipped, Is.Zero);
            Assert.That(stats.FailedRequests, Is.GreaterThan(0));
            Assert.That(selfLog.ToString(), Does.Contain("unreachable"));
        }
        finally
        {
            SelfLog.Disable();
        }
    }

    [Test]
    public async Task Emit_SlowServer_CallersKeepLoggingWhileTheSinkWaits()
    {
        await using var es = await FakeElasticsearch.StartAsync();
        es.Delay = TimeSpan.FromSeconds(1);
        var options = Options(es.Url);
        options.BufferLimit = 200;
        var stats = new ElasticsearchSinkStats();
        using (var log = Logger(options, stats))
        {
            // While the first batch is held by the slow server, logging goes on and stays within the buffer.
            for (var i = 0; i < 1_000; i++)
            {
                log.Information("Event {N}", i);
            }
            Assert.That(stats.Pending, Is.LessThanOrEqualTo(200));
        }

        Assert.That(stats.Shipped + stats.Dropped, Is.EqualTo(1_000), "every event is either shipped or counted as dropped");
        Assert.That(stats.Shipped, Is.GreaterThan(0));
    }
}
