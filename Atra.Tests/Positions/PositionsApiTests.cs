using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Positions;

/// <summary>/api/positions and /api/stats through the real host: the flow, ownership, and bad input answered 400, never 500.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class PositionsApiTests(StorageProvider engine)
{
    private static async Task<long> InsertSignalAsync(AtraApiFactory factory, string side = "long", string status = "open")
    {
        const string sql = """
            INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct, filter_mode, status, signal_time, created_at)
            VALUES ('BTCUSDT', @Side, '100', @Tp1, @Tp2, @Sl, @Dca, '1', 'soft', @Status, @Time, @Time)
            RETURNING id;
            """;
        var d = side == "long" ? 1 : -1;
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new
        {
            Side = side,
            Tp1 = (100 + (3 * d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Tp2 = (100 + (6 * d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Sl = (100 - (3 * d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Dca = (100 - (1.5 * d)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Status = status,
            Time = 1_700_000_000_000L + Random.Shared.Next(),
        });
    }

    private async Task<(AtraApiFactory Factory, HttpClient Alice, HttpClient Bob)> StartAsync()
    {
        var factory = new AtraApiFactory(engine: engine);
        foreach (var (name, mode, leverage) in new[] { ("alice", "futures", 5), ("bob", "spot", 1) })
        {
            var user = await factory.CreateLoginAsync(name);
            await factory.Mediator.Send(new UpdateUserSettings(user.Id, new UserSettingsChange(TradeMode: mode, Deposit: 10_000m, RiskTolerance: "medium", Leverage: leverage)));
        }
        return (factory, factory.CreateClient((await factory.LoginAsync("alice")).AccessToken), factory.CreateClient((await factory.LoginAsync("bob")).AccessToken));
    }

    [Test]
    public async Task AcceptListClose_Flow_OwnersOnly()
    {
        var (factory, alice, bob) = await StartAsync();
        await using var _ = factory;
        using var a = alice;
        using var b = bob;
        var signal = await InsertSignalAsync(factory);

        var created = await alice.PostAsJsonAsync("/api/positions", new { signal_id = signal });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var position = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = position.RootElement.GetProperty("id").GetInt64();
        var again = await alice.PostAsJsonAsync("/api/positions", new { signal_id = signal });
        using var list = JsonDocument.Parse(await alice.GetStringAsync(new Uri("/api/positions?status=open", UriKind.Relative)));
        using var bobList = JsonDocument.Parse(await bob.GetStringAsync(new Uri("/api/positions", UriKind.Relative)));
        Assert.Multiple(async () =>
        {
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/positions/{id}"));
            Assert.That(position.RootElement.GetProperty("entry_price").GetDecimal(), Is.EqualTo(100m));
            Assert.That(position.RootElement.GetProperty("initial_quantity").GetDecimal(), Is.EqualTo(26.66666666m), "1 % of 10,000 / (3 + 0.5 × 1.5)");
            Assert.That(position.RootElement.GetProperty("leverage").GetInt32(), Is.EqualTo(5));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "accepting again answers the same position");
            Assert.That(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64(), Is.EqualTo(id));
            Assert.That(list.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(bobList.RootElement.GetProperty("items").GetArrayLength(), Is.Zero, "bob sees only his own");
        });

        await ProblemAssert.IsProblemAsync(await bob.GetAsync(new Uri($"/api/positions/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.PostAsync(new Uri($"/api/positions/{id}/close", UriKind.Relative), null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.GetAsync(new Uri("/api/positions?user_id=1", UriKind.Relative)), HttpStatusCode.NotFound);

        var closed = await alice.PostAsync(new Uri($"/api/positions/{id}/close", UriKind.Relative), null);
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await closed.Content.ReadAsStringAsync());
        using var closedDoc = JsonDocument.Parse(await closed.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(closedDoc.RootElement.GetProperty("status").GetString(), Is.EqualTo("closed"));
            Assert.That(closedDoc.RootElement.GetProperty("exit_reason").GetString(), Is.EqualTo("manual"));
        });
        await ProblemAssert.IsProblemAsync(await alice.PostAsync(new Uri($"/api/positions/{id}/close", UriKind.Relative), null), HttpStatusCode.Conflict);

        using var detail = JsonDocument.Parse(await alice.GetStringAsync(new Uri($"/api/positions/{id}", UriKind.Relative)));
        var types = detail.RootElement.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.That(types, Is.EqualTo(new[] { "open", "close" }));

        using var stats = JsonDocument.Parse(await alice.GetStringAsync(new Uri("/api/stats", UriKind.Relative)));
        var totals = stats.RootElement.GetProperty("totals");
        Assert.Multiple(() =>
        {
            Assert.That(totals.GetProperty("accepted").GetInt32(), Is.EqualTo(1));
            Assert.That(totals.GetProperty("closed").GetInt32(), Is.EqualTo(1));
            // Closed at the entry (no candle yet): the PnL is minus the two fees, 0.0004 × 2666.666666 × 2.
            Assert.That(totals.GetProperty("pnl").GetDecimal(), Is.EqualTo(-2.1333333328m));
            Assert.That(stats.RootElement.GetProperty("by_symbol")[0].GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
        });
    }

    [Test]
    public async Task Accept_UnknownClosedOrUnsizable_404_409_400()
    {
        var (factory, alice, bob) = await StartAsync();
        await using var _ = factory;
        using var a = alice;
        using var b = bob;
        var closed = await InsertSignalAsync(factory, status: "closed");
        var shortSignal = await InsertSignalAsync(factory, side: "short");

        await ProblemAssert.IsProblemAsync(await alice.PostAsJsonAsync("/api/positions", new { signal_id = 999_999 }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await alice.PostAsJsonAsync("/api/positions", new { signal_id = closed }), HttpStatusCode.Conflict);
        var spotShort = await ProblemAssert.IsProblemAsync(await bob.PostAsJsonAsync("/api/positions", new { signal_id = shortSignal }), HttpStatusCode.BadRequest);
        Assert.That(spotShort.GetProperty("detail").GetString(), Does.Contain("spot"));
        Assert.That((await alice.PostAsJsonAsync("/api/positions", new { signal_id = shortSignal })).StatusCode, Is.EqualTo(HttpStatusCode.Created), "futures may short");
    }

    [TestCase("POST", "/api/positions", "{}")]
    [TestCase("POST", "/api/positions", "{\"signal_id\": \"abc\"}")]
    [TestCase("POST", "/api/positions", "{\"signal_id\": -3}")]
    [TestCase("POST", "/api/positions", "{\"signal_id\": 1, \"user_id\": 2}")]
    [TestCase("POST", "/api/positions", "not json")]
    [TestCase("GET", "/api/positions?limit=0", null)]
    [TestCase("GET", "/api/positions?limit=abc", null)]
    [TestCase("GET", "/api/positions?status=pending", null)]
    [TestCase("GET", "/api/positions?before_id=-1", null)]
    [TestCase("GET", "/api/stats?from=yesterday", null)]
    [TestCase("GET", "/api/stats?from=2024-03-02&to=2024-03-01", null)]
    [TestCase("GET", "/api/stats?scope=everyone", null)]
    [TestCase("GET", "/api/stats?symbol=BTC-USDT", null)]
    public async Task BadInput_400Problem(string method, string url, string? body)
    {
        var (factory, alice, bob) = await StartAsync();
        await using var _ = factory;
        using var a = alice;
        using var b = bob;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        await ProblemAssert.IsProblemAsync(await alice.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Stats_SignalsScope_EveryBroadcastSignal()
    {
        var (factory, alice, bob) = await StartAsync();
        await using var _ = factory;
        using var a = alice;
        using var b = bob;
        var response = await bob.GetAsync(new Uri("/api/stats?scope=signals&from=2024-01-01&to=2024-12-31&symbol=btcusdt", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("user_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(doc.RootElement.GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
            Assert.That(doc.RootElement.GetProperty("totals").GetProperty("sharpe_ratio").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }
}
