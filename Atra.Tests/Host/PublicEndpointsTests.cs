using System.Net;
using Atra.Host.Pages;
using Atra.Modules.Health;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Health.StatusPage;
using Atra.Tests.Auth;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Host;

/// <summary>
/// The pages anyone can reach (issue 13, item 4): <c>/health/ready</c>, <c>/status/*</c> and the status page say what
/// is wrong without an absolute path or an exception's text, are rate limited per address, run cheap queries, and
/// the page carries security headers.
/// </summary>
public class PublicEndpointsTests
{
    // What a worker's failure can carry: the text of an exception, with a file path in it.
    private const string FailureText = "SQLite Error 14: 'unable to open database file' at /var/lib/atra-secret/atra.db";

    [Test]
    public async Task ReadyAndSummary_ShowNoPathOrExceptionText_WhileTheOperatorsReportKeepsThem()
    {
        await using var host = await TestWebHost.StartAsync();
        host.Heartbeats.Beat("SignalScanWorker");
        host.Heartbeats.Beat("TestWorker");
        host.Heartbeats.Fail("TestWorker", FailureText);
        using var http = new HttpClient { BaseAddress = host.Address };

        var ready = await (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).Content.ReadAsStringAsync();
        var summary = await http.GetStringAsync(new Uri("/status/summary", UriKind.Relative));
        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        foreach (var (name, body) in new[] { ("/health/ready", ready), ("/status/summary", summary), ("/", page) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(body, Does.Contain("TestWorker"), $"{name} still names the failing worker");
                Assert.That(body, Does.Not.Contain(host.Database.Folder), $"{name}: the data folder's absolute path");
                Assert.That(body, Does.Not.Contain("atra-secret").And.Not.Contain("SQLite Error"), $"{name}: an exception's text");
            });
        }
        // The operator, on the machine, still sees all of it.
        var report = await host.App.Services.GetRequiredService<HealthService>().RunAsync(HealthCheckContext.Service, CancellationToken.None);
        var full = HealthReportJson.Serialize(report, indented: false);
        Assert.That(full, Does.Contain(FailureText.Replace("'", "\\u0027", StringComparison.Ordinal)).Or.Contain(FailureText));
        Assert.That(report.Components.Single(c => c.Name == "database").Data["path"], Is.EqualTo(host.Database.Storage.Sqlite));
    }

    [TestCase("/health/ready")]
    [TestCase("/status/summary")]
    [TestCase("/status/candles?symbol=BTCUSDT")]
    [TestCase("/")]
    public async Task PublicPage_BeyondThePerAddressLimit_429WithRetryAfter(string path)
    {
        await using var host = await TestWebHost.StartAsync(["--Http:PublicRateLimitPermits=3", "--Http:PublicRateLimitWindow=00:01:00"]);
        host.Heartbeats.Beat("SignalScanWorker");
        using var http = new HttpClient { BaseAddress = host.Address };
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.That(allowed.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        }

        using var limited = await http.GetAsync(new Uri(path, UriKind.Relative));

        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task StatusPage_CarriesSecurityHeaders()
    {
        await using var host = await TestWebHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(IndexModel.ContentSecurityPolicy));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'").And.Contain("script-src 'self'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    }

    [Test]
    public async Task PerformanceQuery_UsesTheExitTimeIndex()
    {
        using var database = new Health.HealthTestDatabase();
        await using var connection = new SqliteConnection($"Data Source={database.Storage.Sqlite};Pooling=False");

        var plan = string.Join(" | ", (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + StatusReadModel.ClosedSql, new { since = 0L }))
            .Select(row => row.Detail));

        Assert.That(plan, Does.Contain("ix_enhanced_signals_user_exit"), plan);
    }
}
