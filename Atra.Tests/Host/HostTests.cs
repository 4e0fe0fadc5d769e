using System.Net;
using System.Text.Json;

namespace Atra.Tests.Host;

public class HostTests
{
    [Test]
    public async Task HealthLive_OnEmbeddedDefaults_AnswersHealthy()
    {
        await using var factory = new AtraHostFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("HEALTHY"));
        Assert.That(body.RootElement.TryGetProperty("checked_at", out _), Is.True, "API JSON is snake_case");
    }

    [Test]
    public async Task Start_Always_MigratesTheDatabase()
    {
        await using var factory = new AtraHostFactory();
        using var client = factory.CreateClient();

        Assert.That(File.Exists(Path.Combine(factory.DataFolder, "atra.db")), Is.True);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "atra.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'enhanced_signals'";
        Assert.That(command.ExecuteScalar(), Is.EqualTo(1L));
    }

    [Test]
    public async Task Start_LegacyUsersFilePresent_ImportsItAndRenamesIt()
    {
        await using var factory = new AtraHostFactory();
        var legacy = Path.Combine(factory.DataFolder, "users.json");
        await File.WriteAllTextAsync(legacy, """{"123456789": {"username": "ivan", "language": "ru", "deposit": 1000}}""");

        using var client = factory.CreateClient();

        Assert.That(File.Exists(legacy + ".migrated"), Is.True);
    }

    [Test]
    public async Task Metrics_AfterARequest_ExposesHttpMetrics()
    {
        await using var factory = new AtraHostFactory();
        using var client = factory.CreateClient();
        await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.That(metrics, Does.Contain("http_request_duration_seconds"));
    }

    [Test]
    public async Task UnknownRoute_Always_AnswersProblemDetailsWithoutInternals()
    {
        await using var factory = new AtraHostFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/no/such/thing", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("   at "));
    }
}
