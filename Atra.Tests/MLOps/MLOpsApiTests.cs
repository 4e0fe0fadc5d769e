using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Atra.Modules.MLOps.Registry;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;

namespace Atra.Tests.MLOps;

/// <summary>
/// Every <c>/api/mlops</c> route through the real host: retrains in the background (202 + Location, polled to done or
/// failed), validated as <c>POST /api/backtests</c> and never given a path, the registry's listing, the latest drift
/// report, promote (409 when the gate refuses) and rollback; admins only.
/// </summary>
public sealed class MLOpsApiTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("atra-mlops-api-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private string RegistryFolder => Path.Combine(_folder, "models");

    private AtraApiFactory Api() => new(settings: new Dictionary<string, string?>
    {
        ["Backtest:DataFolder"] = MLOpsTestModel.SamplesFolder,
        ["MLOps:RegistryFolder"] = RegistryFolder,
        ["MLOps:AutomationEnabled"] = "false",
        ["MLOps:TrainingThreads"] = "2",
    }, folder: Directory.CreateDirectory(Path.Combine(_folder, "host")).FullName);

    private static async Task<HttpClient> AdminAsync(AtraApiFactory api)
    {
        await api.CreateLoginAsync("root", admin: true);
        return api.CreateClient((await api.LoginAsync("root")).AccessToken);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Test]
    public async Task Retrain_OnCandleFiles_202WithLocation_ThenDoneWithTheOutcome_AndListedInModels()
    {
        await using var api = Api();
        using var client = await AdminAsync(api);

        var response = await client.PostAsync(new Uri("/api/mlops/retrain", UriKind.Relative), Json("""{"interval":"1h","symbols":["btcusdt","ETHUSDT","SOLUSDT","ADAUSDT","XRPUSDT"]}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        Assert.That(location.ToString(), Is.EqualTo($"/api/mlops/retrain/{accepted.RootElement.GetProperty("id").GetInt64()}"));
        var done = await BackgroundJob.WaitDoneAsync(client, location);
        Assert.That(done.GetProperty("status").GetString(), Is.EqualTo("done"), done.ToString());
        var result = done.GetProperty("result");
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/mlops/models", UriKind.Relative)));
        var versions = models.RootElement.GetProperty("versions");

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(result.GetProperty("fingerprint").GetString(), Is.EqualTo(MLOpsTestModel.Result.Fingerprint), "the API trains on the rows of a backtest of the same files: the same model");
            Assert.That(result.GetProperty("candidates").GetArrayLength(), Is.EqualTo(3));
            Assert.That(result.TryGetProperty("promoted", out _) && result.TryGetProperty("reason", out _));
            Assert.That(versions.GetArrayLength(), Is.EqualTo(1));
            Assert.That(versions[0].GetProperty("fingerprint").GetString(), Is.EqualTo(result.GetProperty("fingerprint").GetString()));
            Assert.That(versions[0].GetProperty("source").GetString(), Does.StartWith("data:"));
            Assert.That(models.RootElement.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("action").GetString()), Does.Contain("register"));
            Assert.That(models.RootElement.GetProperty("audit")[0].GetProperty("actor").GetString(), Does.StartWith("api:job "));
        });
    }

    [Test]
    public async Task Retrain_EmptyBody_TrainsOnTheDatabase_FailsWithTheReasonWhenItHasTooFewSignals()
    {
        await using var api = Api();
        using var client = await AdminAsync(api);

        var response = await client.PostAsync(new Uri("/api/mlops/retrain", UriKind.Relative), null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var done = await BackgroundJob.WaitDoneAsync(client, response.Headers.Location!);
        Assert.That(done.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(done.GetProperty("error").GetString(), Does.Contain("only 0 training rows"));
        Assert.That(Directory.Exists(Path.Combine(RegistryFolder, "versions")), Is.False, "nothing registered");
    }

    [TestCase("""{"symbols":["../../etc/passwd"]}""")]
    [TestCase("""{"symbols":["NOPEUSDT"]}""")]
    [TestCase("""{"symbols":[]}""")]
    [TestCase("""{"interval":"7m"}""")]
    [TestCase("""{"interval":"4h"}""")]
    [TestCase("""{"from":"2025-02-01T00:00:00Z","to":"2025-01-01T00:00:00Z"}""")]
    [TestCase("""{"from":"yesterday"}""")]
    [TestCase("""{"data":"/etc"}""")]
    [TestCase("""{"folder":"../.."}""")]
    [TestCase("not json")]
    public async Task Retrain_BadInput_400Problem_NoJob(string body)
    {
        await using var api = Api();
        using var client = await AdminAsync(api);

        var response = await client.PostAsync(new Uri("/api/mlops/retrain", UriKind.Relative), Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(new Uri("/api/mlops/retrain/1", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PromoteAndRollback_GateRefusal409_RollbackServesTheEarlierChampionAtOnce()
    {
        var registry = MLOpsTestModel.RegistryWithModel(RegistryFolder);
        registry.Register(MLOpsTestModel.Result, MLOpsTestModel.Options(), null, null, "test");
        registry.Register(MLOpsTestModel.Result, MLOpsTestModel.Options(), null, null, "test");
        registry.Move(a => (a with { Champion = 2, Previous = 1, Champions = [1, 2] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", 1, 2, "test", "test")));
        await using var api = Api();
        using var client = await AdminAsync(api);

        // v3 was trained on the same rows as champion v2: no row is out of sample for both, so the gate refuses.
        var refused = await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/mlops/promote", new { version = 3 }), HttpStatusCode.Conflict);
        var rolledBack = await client.PostAsync(new Uri("/api/mlops/rollback", UriKind.Relative), Json("{}"));
        var rollbackBody = await rolledBack.Content.ReadAsStringAsync();
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/mlops/models", UriKind.Relative)));
        var audit = models.RootElement.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(refused.GetProperty("detail").GetString(), Does.Contain("out-of-sample rows after champion v2's training window"));
            Assert.That(rolledBack.StatusCode, Is.EqualTo(HttpStatusCode.OK), rollbackBody);
            Assert.That(rollbackBody, Does.Contain("\"champion\": 1").Or.Contain("\"champion\":1"));
            Assert.That(models.RootElement.GetProperty("champion").GetInt32(), Is.EqualTo(1));
            Assert.That(models.RootElement.GetProperty("serving").GetInt32(), Is.EqualTo(1), "served at once, no restart");
            Assert.That(audit, Does.Contain("refuse").And.Contain("rollback"));
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/mlops/promote", new { }), HttpStatusCode.BadRequest);
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/mlops/promote", new { version = 99 }), HttpStatusCode.BadRequest);
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/mlops/rollback", new { version = 3 }), HttpStatusCode.BadRequest);
        });
    }

    [Test]
    public async Task Drift_404BeforeTheFirstCheck_ThenTheLatestReport()
    {
        await using var api = Api();
        using var client = await AdminAsync(api);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(new Uri("/api/mlops/drift", UriKind.Relative)), HttpStatusCode.NotFound);

        var rows = MLOpsTestModel.Rows;
        var registry = MLOpsTestModel.Registry(RegistryFolder);
        registry.WriteDocument(Atra.Modules.MLOps.Pipeline.MLOpsPipeline.DriftFile, Atra.Modules.MLOps.Drift.DriftDetector.Compare(
            Atra.Modules.MLOps.Drift.DriftDetector.BaselineOf(rows, DateTimeOffset.UtcNow, null, null), rows, 0.05, 200, DateTimeOffset.UtcNow));
        using var report = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/mlops/drift", UriKind.Relative)));

        Assert.Multiple(() =>
        {
            Assert.That(report.RootElement.GetProperty("drift").GetBoolean(), Is.False);
            Assert.That(report.RootElement.GetProperty("threshold").GetDouble(), Is.EqualTo(0.05 / 14).Within(1e-12));
            Assert.That(report.RootElement.GetProperty("features").GetProperty("rsi14").GetProperty("p_value").GetDouble(), Is.EqualTo(1.0).Within(1e-9));
        });
    }

    [TestCase("GET", "/api/mlops/models")]
    [TestCase("GET", "/api/mlops/drift")]
    [TestCase("POST", "/api/mlops/retrain")]
    [TestCase("GET", "/api/mlops/retrain/1")]
    [TestCase("POST", "/api/mlops/promote")]
    [TestCase("POST", "/api/mlops/rollback")]
    public async Task Route_NonAdmin403_Anonymous401(string method, string path)
    {
        await using var api = Api();
        await api.CreateLoginAsync("reader");
        using var reader = api.CreateClient((await api.LoginAsync("reader")).AccessToken);
        using var anonymous = api.CreateClient();
        HttpRequestMessage Request() => new(new HttpMethod(method), path) { Content = method == "POST" ? Json("""{"version":1}""") : null };

        Assert.Multiple(async () =>
        {
            Assert.That((await reader.SendAsync(Request())).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await anonymous.SendAsync(Request())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
        Assert.That(Directory.Exists(Path.Combine(RegistryFolder, "versions")), Is.False);
    }
}
