using System.Net;
using System.Text.Json;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Signals;

[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public class SignalsApiTests(StorageProvider engine)
{
    private const string InsertSql = """
        INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct,
            filter_mode, status, result, exit_reason, exit_price, profit_pct, exit_ts, interval, signal_time, created_at)
        VALUES (@Symbol, @Side, '100.5', '103', '105.5', '98', '99.25', '1', 'soft', @Status, @Result, @Reason, @Exit, @Profit,
            @ExitTs, '1h', @Time, @Time)
        """;

    private async Task<AtraApiFactory> HostWithSignalsAsync()
    {
        var factory = new AtraApiFactory(engine: engine);
        var connections = factory.Services.GetRequiredService<IDbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            var closed = i % 2 == 0;
            await connection.ExecuteAsync(InsertSql, new
            {
                Symbol = i < 3 ? "BTCUSDT" : "ETHUSDT",
                Side = i == 1 ? "short" : "long",
                Status = closed ? "closed" : "open",
                Result = closed ? "win" : null,
                Reason = closed ? "take_profit_2" : null,
                Exit = closed ? "105.5" : null,
                Profit = closed ? "0.0489" : null,
                ExitTs = closed ? (long?)(1_700_000_000_000L + (i * 3_600_000L) + 7_200_000L) : null,
                Time = 1_700_000_000_000L + (i * 3_600_000L),
            });
        }
        await factory.CreateLoginAsync("reader");
        return factory;
    }

    [Test]
    public async Task List_FilteredAndPaged_NewestFirstWithExactPrices()
    {
        await using var factory = await HostWithSignalsAsync();
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);

        using var first = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/signals?symbol=BTCUSDT&limit=2", UriKind.Relative)));
        var items = first.RootElement.GetProperty("items");
        var next = first.RootElement.GetProperty("next_before_id").GetInt64();
        using var second = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/signals?symbol=BTCUSDT&limit=2&before_id={next}", UriKind.Relative)));

        Assert.Multiple(() =>
        {
            Assert.That(items.GetArrayLength(), Is.EqualTo(2));
            Assert.That(items[0].GetProperty("id").GetInt64(), Is.GreaterThan(items[1].GetProperty("id").GetInt64()), "newest first");
            Assert.That(items[0].GetProperty("entry_price").GetDecimal(), Is.EqualTo(100.5m));
            Assert.That(second.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(second.RootElement.GetProperty("next_before_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task List_StatusAndSideFilters_OnlyMatchingSignals()
    {
        await using var factory = await HostWithSignalsAsync();
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);

        using var closed = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/signals?status=closed", UriKind.Relative)));
        using var shorts = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/signals?side=short", UriKind.Relative)));

        var results = closed.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("result").GetString()).ToList();
        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(results, Is.All.EqualTo("win"));
        Assert.That(shorts.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    [TestCase("/api/signals?side=sideways")]
    [TestCase("/api/signals?limit=0")]
    [TestCase("/api/signals?limit=1000")]
    [TestCase("/api/signals?status=pending")]
    [TestCase("/api/signals?symbol=BTC'%20OR%201=1--")]
    [TestCase("/api/signals?from=not-a-date")]
    public async Task List_BadQuery_400ProblemDetails(string path)
    {
        await using var factory = await HostWithSignalsAsync();
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Get_UnknownId_404AndNoTokenIs401()
    {
        await using var factory = await HostWithSignalsAsync();
        using var anonymous = factory.CreateClient();
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);

        Assert.That((await anonymous.GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync(new Uri("/api/signals/999999", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync(new Uri("/api/signals/1", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
