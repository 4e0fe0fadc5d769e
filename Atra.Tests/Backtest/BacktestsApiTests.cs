using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;

namespace Atra.Tests.Backtest;

/// <summary><c>POST /api/backtests</c> and <c>GET /api/backtests/{id}</c> on the real runner and real candles.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class BacktestsApiTests(StorageProvider engine)
{
    private AtraApiFactory Api(string? folder = null) =>
        new(settings: new Dictionary<string, string?> { ["Backtest:DataFolder"] = BacktestFixture.DataDirectory }, folder: folder, engine: engine);

    private static async Task<HttpClient> AdminAsync(AtraApiFactory api, bool create = true)
    {
        if (create)
        {
            await api.CreateLoginAsync("root", admin: true);
        }
        return api.CreateClient((await api.LoginAsync("root")).AccessToken);
    }

    // Polls until the run leaves queued/running; the cap only guards against a hang, it is not a timing assertion.
    private static async Task<JsonElement> WaitDoneAsync(HttpClient client, Uri location)
    {
        for (var i = 0; i < 1200; i++)
        {
            using var run = JsonDocument.Parse(await client.GetStringAsync(location));
            var status = run.RootElement.GetProperty("status").GetString();
            if (status is "done" or "failed")
            {
                return run.RootElement.Clone();
            }
            Assert.That(status, Is.AnyOf("queued", "running"));
            await Task.Delay(100);
        }
        Assert.Fail("the backtest did not finish");
        return default;
    }

    [Test]
    public async Task Start_AsAdmin_202ThenDoneWithSummaryAndTradesThatSurviveARestart()
    {
        var folder = Directory.CreateTempSubdirectory("atra-backtests-").FullName;
        Uri location;
        JsonElement done;
        await using (var api = Api(folder))
        {
            using var client = await AdminAsync(api);
            var response = await client.PostAsJsonAsync("/api/backtests", new { symbols = new[] { "btcusdt", "ETHUSDT" }, interval = "1h", from = "2022-08-01T00:00:00Z" });

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            location = response.Headers.Location!;
            using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(location.ToString(), Is.EqualTo($"/api/backtests/{accepted.RootElement.GetProperty("id").GetInt64()}"));
            done = await WaitDoneAsync(client, location);
        }

        Assert.That(done.GetProperty("status").GetString(), Is.EqualTo("done"), done.ToString());
        var summary = done.GetProperty("summary");
        var trades = done.GetProperty("trades");
        Assert.Multiple(() =>
        {
            Assert.That(done.GetProperty("progress").GetDouble(), Is.EqualTo(1.0));
            Assert.That(done.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT" }));
            Assert.That(summary.GetProperty("symbols").GetArrayLength(), Is.EqualTo(2));
            Assert.That(summary.GetProperty("soft").GetProperty("trades").GetInt32(), Is.GreaterThan(0), "real candles give trades");
            Assert.That(trades.GetProperty("total").GetInt32(), Is.EqualTo(summary.GetProperty("soft").GetProperty("trades").GetInt32()));
            Assert.That(trades.GetProperty("items")[0].GetProperty("signal_time").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(new DateTimeOffset(2022, 8, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(summary.TryGetProperty("strict", out _), Is.True);
        });

        // A new process on the same database still has the run and its results.
        await using (var again = Api(folder))
        {
            using var client = await AdminAsync(again, create: false);
            using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri(location + "?trades_offset=1&trades_limit=2", UriKind.Relative)));
            Assert.That(page.RootElement.GetProperty("status").GetString(), Is.EqualTo("done"));
            Assert.That(page.RootElement.GetProperty("trades").GetProperty("items").GetArrayLength(), Is.EqualTo(Math.Min(2, trades.GetProperty("total").GetInt32() - 1)));
            Assert.That(page.RootElement.GetProperty("trades").GetProperty("items")[0].GetProperty("signal_id").GetInt64(),
                Is.EqualTo(trades.GetProperty("items")[1].GetProperty("signal_id").GetInt64()));
        }
    }

    [TestCase("""{"symbols":["../../etc/passwd"]}""")]
    [TestCase("""{"symbols":["NOPEUSDT"]}""")]
    [TestCase("""{"symbols":[]}""")]
    [TestCase("""{"interval":"7m"}""")]
    [TestCase("""{"interval":"4h"}""")]
    [TestCase("""{"from":"2025-02-01T00:00:00Z","to":"2025-01-01T00:00:00Z"}""")]
    [TestCase("""{"from":"yesterday"}""")]
    public async Task Start_BadInput_400Problem(string body)
    {
        await using var api = Api();
        using var client = await AdminAsync(api);

        var response = await client.PostAsync(new Uri("/api/backtests", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Backtests_NonAdmin403_Anonymous401_UnknownId404()
    {
        await using var api = Api();
        using var admin = await AdminAsync(api);
        await api.CreateLoginAsync("reader");
        using var reader = api.CreateClient((await api.LoginAsync("reader")).AccessToken);
        using var anonymous = api.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That((await reader.PostAsJsonAsync("/api/backtests", new { symbols = new[] { "BTCUSDT" } })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await reader.GetAsync(new Uri("/api/backtests/1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await anonymous.PostAsJsonAsync("/api/backtests", new { symbols = new[] { "BTCUSDT" } })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            await ProblemAssert.IsProblemAsync(await admin.GetAsync(new Uri("/api/backtests/424242", UriKind.Relative)), HttpStatusCode.NotFound);
        });
    }
}
