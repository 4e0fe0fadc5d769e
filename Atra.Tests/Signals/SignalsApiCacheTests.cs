using System.Text.Json;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Auth;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Signals;

/// <summary>The cached signal pages never hide a change the scanner announced: each write is visible at the next request.</summary>
public class SignalsApiCacheTests
{
    private const string InsertSql = """
        INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct,
            filter_mode, status, interval, signal_time, created_at)
        VALUES (@Symbol, 'long', '100.5', '103', '105.5', '98', NULL, '1', 'soft', 'open', '1h', @Time, @Time)
        RETURNING id;
        """;

    private const string CloseSql = """
        UPDATE enhanced_signals SET status = 'closed', result = 'win', exit_reason = 'take_profit_2', exit_price = '105.5',
            profit_pct = '0.0489', exit_ts = signal_time + 7200000
        WHERE id = @Id
        """;

    private static async Task<long> InsertAsync(AtraApiFactory factory, string symbol, long time)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(InsertSql, new { Symbol = symbol, Time = time });
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query = "limit=50")
    {
        using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/signals?" + query, UriKind.Relative)));
        return page.RootElement.GetProperty("items").Clone();
    }

    [Test]
    public async Task List_SignalGeneratedAfterARead_AppearsAtTheNextRequest()
    {
        await using var factory = new AtraApiFactory();
        await InsertAsync(factory, "BTCUSDT", 1_700_000_000_000L);
        await factory.CreateLoginAsync("reader");
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);
        var before = await ListAsync(client);
        var again = await ListAsync(client);

        // What the scanner does: store the signal, then announce it.
        var id = await InsertAsync(factory, "ETHUSDT", 1_700_003_600_000L);
        await factory.Services.GetRequiredService<IPublisher>().Publish(new SignalGenerated(id, "ETHUSDT", "1h", TradeSide.Long, FilterMode.Soft,
            1_700_003_600_000L, 100.5m, 98m, 103m, 105.5m, null, default));
        var after = await ListAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(before.GetArrayLength(), Is.EqualTo(1));
            Assert.That(again.GetArrayLength(), Is.EqualTo(1));
            Assert.That(after.GetArrayLength(), Is.EqualTo(2));
            Assert.That(after[0].GetProperty("id").GetInt64(), Is.EqualTo(id), "newest first");
            Assert.That(after[0].GetProperty("symbol").GetString(), Is.EqualTo("ETHUSDT"));
        });
    }

    [Test]
    public async Task List_SignalClosedAfterARead_ShowsTheOutcomeInEveryCachedFilter()
    {
        await using var factory = new AtraApiFactory();
        var id = await InsertAsync(factory, "BTCUSDT", 1_700_000_000_000L);
        await factory.CreateLoginAsync("reader");
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);
        var open = await ListAsync(client, "status=open");
        var closedBefore = await ListAsync(client, "status=closed");

        await using (var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
        {
            await connection.ExecuteAsync(CloseSql, new { Id = id });
        }
        await factory.Services.GetRequiredService<IPublisher>().Publish(new SignalClosed(id, "BTCUSDT", TradeSide.Long, 1_700_007_200_000L,
            ExitReason.TakeProfit2, 105.5m, 100.5m, 0.0489, "win", true, 0));

        var openAfter = await ListAsync(client, "status=open");
        var closedAfter = await ListAsync(client, "status=closed");
        var all = await ListAsync(client);
        Assert.Multiple(() =>
        {
            Assert.That(open.GetArrayLength(), Is.EqualTo(1));
            Assert.That(closedBefore.GetArrayLength(), Is.Zero);
            Assert.That(openAfter.GetArrayLength(), Is.Zero);
            Assert.That(closedAfter.GetArrayLength(), Is.EqualTo(1));
            Assert.That(all[0].GetProperty("status").GetString(), Is.EqualTo("closed"));
            Assert.That(all[0].GetProperty("profit_pct").GetDecimal(), Is.EqualTo(0.0489m));
        });
    }

    [Test]
    public async Task List_CachedPage_SameBytesAsTheFirstAnswer()
    {
        await using var factory = new AtraApiFactory();
        await InsertAsync(factory, "BTCUSDT", 1_700_000_000_000L);
        await factory.CreateLoginAsync("reader");
        using var client = factory.CreateClient((await factory.LoginAsync("reader")).AccessToken);

        var first = await client.GetAsync(new Uri("/api/signals", UriKind.Relative));
        var second = await client.GetAsync(new Uri("/api/signals", UriKind.Relative));

        Assert.That(first.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task BatchedLifecycleStates_DropTheCachedPagesWhenCommitted()
    {
        // TP1/DCA notifications go out before the batch that stores them; the pages must be dropped after the write.
        await using var factory = new AtraApiFactory();
        var id = await InsertAsync(factory, "BTCUSDT", 1_700_000_000_000L);
        var cache = factory.Services.GetRequiredService<Atra.Modules.Signals.Queries.SignalPageCache>();
        var store = factory.Services.GetRequiredService<Atra.Modules.Signals.Store.SignalStore>();
        var before = cache.Version;

        await store.UpdateStatesAsync([new Atra.Modules.Signals.Store.SignalStateUpdate(id, default, 1_700_003_600_000L)], CancellationToken.None);

        Assert.That(cache.Version, Is.GreaterThan(before));
    }
}
