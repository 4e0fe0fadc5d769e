using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Positions;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Users;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Backtest;
using Atra.Tests.Fakes;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atra.Tests.Positions;

/// <summary>
/// Every module as the host registers them (the mediator resolves all handlers on first use) on a SQLite file in
/// <paramref name="folder"/>; a new instance on the same folder is a restart. With <paramref name="dropLifecycleEvents"/>
/// the Signals scanner's DCA/TP1/close events are lost (the process "was down" for them).
/// </summary>
internal sealed class PositionsTestHost(string folder, ReplayCandles candles, bool dropLifecycleEvents = false, Dictionary<string, string?>? settings = null,
    StorageProvider? engine = null)
    : IAsyncDisposable
{
    private readonly ServiceProvider _provider = Build(folder, candles, dropLifecycleEvents, settings ?? [], engine);

    public IServiceProvider Services => _provider;

    public IMediator Mediator => _provider.GetRequiredService<IMediator>();

    public static PositionsTestHost Start(string folder, ReplayCandles candles, bool dropLifecycleEvents = false, Dictionary<string, string?>? settings = null,
        StorageProvider? engine = null)
    {
        var host = new PositionsTestHost(folder, candles, dropLifecycleEvents, settings, engine);
        host._provider.GetRequiredService<MigrationRunner>().Run();
        return host;
    }

    /// <summary>What the host does at start: Positions books what it missed while down.</summary>
    public Task ReconcileAsync() => _provider.GetRequiredService<PositionService>().ReconcileAsync(CancellationToken.None);

    public async Task<long> CreateUserAsync(string name, decimal deposit = 10_000m, string mode = "futures", string tolerance = "medium", int leverage = 5)
    {
        var user = await Mediator.Send(new CreateLogin(name, "correct-horse-42", false));
        await Mediator.Send(new UpdateUserSettings(user.Id, new UserSettingsChange(RiskTolerance: tolerance, TradeMode: mode, Leverage: leverage, Deposit: deposit)));
        return user.Id;
    }

    /// <summary>One closed candle as MarketData publishes it (store first, then the notification).</summary>
    public async Task PublishCandleAsync(string symbol, Candle candle)
    {
        candles.Add(symbol, candle);
        await Mediator.Publish(new CandleClosed(symbol, "1h", candle));
    }

    /// <summary>The user accepts every open signal they have not answered yet.</summary>
    public async Task AcceptNewSignalsAsync(long userId)
    {
        const string sql = "SELECT id FROM enhanced_signals WHERE status = 'open' AND id NOT IN (SELECT signal_id FROM positions WHERE user_id = @UserId) ORDER BY id";
        foreach (var id in await QueryAsync<long>(sql, new { UserId = userId }))
        {
            var result = await Mediator.Send(new OpenPositionCommand(userId, id));
            Assert.That(result.Outcome, Is.EqualTo(OpenPositionOutcome.Opened), result.Reason);
        }
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = await _provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await connection.ExecuteAsync(sql, args);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    /// <summary>Both test files merged by open time (ETH before BTC at equal times), as the parity test replays them.</summary>
    public static List<(string Symbol, Candle Candle)> ReplayOrder()
    {
        var list = new List<(string, Candle)>();
        foreach (var symbol in new[] { "ETHUSDT", "BTCUSDT" })
        {
            var s = CandleCsvReader.ReadFile(Path.Combine(BacktestFixture.DataDirectory, $"{symbol}-1h.csv"));
            for (var i = 0; i < s.Count; i++)
            {
                list.Add((symbol, s[i]));
            }
        }
        return [.. list.OrderBy(x => x.Item2.OpenTimeMs).ThenBy(x => x.Item1 == "BTCUSDT" ? 1 : 0)];
    }

    private static ServiceProvider Build(string folder, ReplayCandles candles, bool drop, Dictionary<string, string?> settings, StorageProvider? engine)
    {
        // A host started again on the folder (a restart) finds the same database.
        var database = new TestDatabase(folder, engine, reusable: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(database.Settings)
        {
            ["Storage:BackupFolder"] = Path.Combine(folder, "backups"),
            ["Storage:LegacyUsersFile"] = Path.Combine(folder, "no-legacy-users.json"),
            ["Signals:WarmupCandles"] = "100000",
        }).AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        Atra.Host.Program.AddModules(services, configuration);
        services.RemoveAll<ICandleStore>();
        services.AddSingleton<ICandleStore>(candles);
        services.RemoveAll<PasswordHasher>();
        services.AddSingleton(new PasswordHasher(1_000));
        if (drop)
        {
            services.RemoveAll<IPublisher>();
            services.AddSingleton<IPublisher>(sp => new DroppingPublisher(sp.GetRequiredService<global::Mediator.Mediator>()));
        }
        return services.BuildServiceProvider();
    }

    /// <summary>Loses the signal lifecycle events, as a crash between the Signals store write and the publish would.</summary>
    private sealed class DroppingPublisher(IPublisher inner) : IPublisher
    {
        public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification =>
            notification is SignalDcaFilled or SignalTp1Hit or SignalClosed ? ValueTask.CompletedTask : inner.Publish(notification, cancellationToken);

        public ValueTask Publish(object notification, CancellationToken cancellationToken = default) =>
            notification is SignalDcaFilled or SignalTp1Hit or SignalClosed ? ValueTask.CompletedTask : inner.Publish(notification, cancellationToken);
    }
}
