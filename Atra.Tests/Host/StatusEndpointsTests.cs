using System.Net;
using System.Text.Json;
using Atra.Modules.Health.StatusPage;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Host;

public class StatusEndpointsTests
{
    [Test]
    public async Task Summary_WithSignals_SnakeCaseAndNoUserData()
    {
        await using var host = await TestWebHost.StartAsync();
        host.Database.InsertSignal("BTCUSDT", "long", DateTimeOffset.UtcNow, 1665460800000, entry: "19120");
        using var http = new HttpClient { BaseAddress = host.Address };

        var body = await http.GetStringAsync(new Uri("/status/summary", UriKind.Relative));

        using var json = JsonDocument.Parse(body);
        var signal = json.RootElement.GetProperty("signals")[0];
        Assert.That(signal.GetProperty("entry_price").GetString(), Is.EqualTo("19120"));
        Assert.That(signal.TryGetProperty("user_id", out _), Is.False);
        Assert.That(json.RootElement.GetProperty("health").GetProperty("components").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("HEALTHY"));
        Assert.That(json.RootElement.GetProperty("performance").GetProperty("per_day").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(json.RootElement.GetProperty("symbols")[0].GetString(), Is.EqualTo("BTCUSDT"));
        var model = json.RootElement.GetProperty("model");
        Assert.That(model.GetProperty("serving").GetBoolean(), Is.False);
        Assert.That(model.GetProperty("lines")[0].GetString(), Is.EqualTo("No model is active: the ML filter passes every signal."));
    }

    [Test]
    public async Task Candles_FromSource_UnixSecondsWithMarkers()
    {
        var file = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Health", "BTCUSDT-1h.csv");
        await using var host = await TestWebHost.StartAsync(customize: b => b.Services.AddSingleton<IStatusCandleSource>(new CsvCandleSource(file)));
        host.Database.InsertSignal("BTCUSDT", "short", DateTimeOffset.UtcNow, 1665460800000, entry: "19120");
        using var http = new HttpClient { BaseAddress = host.Address };

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status/candles?symbol=btcusdt&interval=1h&limit=50", UriKind.Relative)));

        var candles = json.RootElement.GetProperty("candles");
        Assert.That(candles.GetArrayLength(), Is.EqualTo(50));
        Assert.That(candles[49].GetProperty("time").GetInt64(), Is.EqualTo(1665482400));
        Assert.That(candles[49].GetProperty("close").GetDouble(), Is.EqualTo(19093.63));
        var marker = json.RootElement.GetProperty("signals").EnumerateArray().Single();
        Assert.That(marker.GetProperty("time").GetInt64(), Is.EqualTo(1665460800));
        Assert.That(marker.GetProperty("side").GetString(), Is.EqualTo("short"));
    }

    [TestCase("symbol=BTC/USDT")]
    [TestCase("symbol=BTCUSDT&interval=7m")]
    public async Task Candles_BadInput_ProblemDetails400(string query)
    {
        await using var host = await TestWebHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.GetAsync(new Uri("/status/candles?" + query, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
