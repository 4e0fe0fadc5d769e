using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

/// <summary>The real host with the bot pointed at a <see cref="FakeBotApi"/>; settings can be added before <see cref="Start"/>.</summary>
internal sealed class TelegramTestHost : IDisposable
{
    public const string Token = "123456789:AAH-fake-token-for-tests_0123456789";

    public TelegramTestHost(FakeBotApi fake, string? database = null, StorageProvider? engine = null)
    {
        Factory = new AtraHostFactory(engine);
        Factory.Settings["Telegram:BotToken"] = Token;
        Factory.Settings["Telegram:BaseUrl"] = fake.BaseUrl;
        Factory.Settings["Telegram:PollingTimeout"] = "00:00:02";
        Factory.Settings["Telegram:PerChatInterval"] = fake.PerChatInterval.ToString("c");
        // No market feed: the scripted signals are the only ones, so live signals from a replay don't join the chats.
        var noCandles = Path.Combine(Factory.DataFolder, "no-candles");
        Directory.CreateDirectory(noCandles);
        Factory.Settings["Market:Replay:Folder"] = noCandles;
        if (database is not null)
        {
            Factory.Settings["Storage:Sqlite"] = database;
        }
    }

    public AtraHostFactory Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>Consumer name of the Redis outbox in tests; the same in every host, as one instance restarting.</summary>
    public const string RedisConsumer = "atra-test-instance";

    /// <summary>Puts the outbox (and the rest of coordination) on the run's redis-server, under its own key prefix.</summary>
    public TelegramTestHost WithRedis(string keyPrefix)
    {
        Factory.Settings["Redis:Configuration"] = RedisServer.Shared.Configuration;
        Factory.Settings["Redis:KeyPrefix"] = keyPrefix;
        Factory.Settings["Telegram:OutboxConsumer"] = RedisConsumer;
        return this;
    }

    public TelegramTestHost Start()
    {
        _ = Factory.Services;
        return this;
    }

    /// <summary>A stored signal row (Positions references it), as the Signals module would write it.</summary>
    public async Task<long> InsertSignalAsync(string symbol = "BTCUSDT", string side = "long", string mode = "strict")
    {
        const string sql = """
            INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct, filter_mode, signal_time, created_at)
            VALUES (@Symbol, @Side, '65000', '66500', '68000', '64000', '64500', '1', @Mode, @Time, @Time)
            RETURNING id;
            """;
        await using var connection = await Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { Symbol = symbol, Side = side, Mode = mode, Time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Random.Shared.Next() });
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = await Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    public void Dispose() => Factory.Dispose();
}
