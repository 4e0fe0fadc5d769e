using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Scanning;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atra.Tests.Signals;

/// <summary>
/// Every module as the host registers them, over a SQLite file in <c>folder</c>, fed closed candles one by one through
/// the scan worker's handler (as MarketData publishes them), with the candle store a restart warms up from.
/// </summary>
internal sealed class ScanHarness : IAsyncDisposable
{
    private readonly string _folder;
    private readonly Dictionary<string, string?> _settings;
    private readonly ISignalProbabilityModel? _model;
    private readonly TestDatabase _database;

    public ScanHarness(string folder, Dictionary<string, string?> settings, ISignalProbabilityModel? model = null, StorageProvider? engine = null)
    {
        _folder = folder;
        _settings = settings;
        _model = model;
        // Restarts (RestartAsync) find the same database.
        _database = new TestDatabase(folder, engine, reusable: true);
        Provider = Build();
    }

    public ServiceProvider Provider { get; private set; }

    public ReplayCandleStore Candles { get; } = new();

    public SignalScanner Scanner => Provider.GetRequiredService<SignalScanner>();

    /// <summary>Publishes a closed candle: into the candle store, then to the scan worker.</summary>
    public async Task HandleAsync(string symbol, Candle candle)
    {
        Candles.Add(symbol, candle);
        await Provider.GetRequiredService<SignalScanWorker>().Handle(new CandleClosed(symbol, "1h", candle), CancellationToken.None);
    }

    /// <summary>A process restart: the same database and candle store, new everything else.</summary>
    public async Task RestartAsync()
    {
        await Provider.DisposeAsync();
        Provider = Build();
    }

    public async Task<List<SignalRow>> RowsAsync()
    {
        await using var connection = await Provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<SignalRow>(
            """
            SELECT id AS Id, symbol AS Symbol, signal_time AS SignalTime, side AS Side, filter_mode AS FilterMode, status AS Status,
                exit_reason AS ExitReason, exit_ts AS ExitTs, profit_pct AS ProfitPct, ml_probability AS Ml, last_candle_time AS LastCandleTime,
                btc_trend_status AS BtcTrend, entry_price AS EntryPrice, sl_price AS SlPrice, tp1_price AS Tp1Price, tp2_price AS Tp2Price,
                dca_price AS DcaPrice
            FROM enhanced_signals ORDER BY signal_time, symbol
            """)];
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Provider.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    public ValueTask DisposeAsync() => Provider.DisposeAsync();

    /// <summary>The files merged by open time; at equal times BTC comes last, so the wait for BTC's candle is exercised.</summary>
    public static List<(string Symbol, Candle Candle)> ReplayOrder(string directory, params string[] symbols)
    {
        var list = new List<(string, Candle)>();
        foreach (var symbol in symbols)
        {
            var s = CandleCsvReader.ReadFile(Path.Combine(directory, $"{symbol}-1h.csv"));
            for (var i = 0; i < s.Count; i++)
            {
                list.Add((symbol, s[i]));
            }
        }
        return [.. list.OrderBy(x => x.Item2.OpenTimeMs).ThenBy(x => x.Item1 == "BTCUSDT" ? 1 : 0)];
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Storage:BackupFolder"] = Path.Combine(_folder, "backups"),
            ["Signals:WarmupCandles"] = "100000",
        }).AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Every module, as the host registers them: the mediator resolves all handlers on first use, so a partial
        // graph would fail there. The candle store is the replay's own.
        Atra.Host.Program.AddModules(services, configuration);
        services.RemoveAll<ICandleStore>();
        services.AddSingleton<ICandleStore>(Candles);
        if (_model is not null)
        {
            services.AddSingleton(_model);
        }
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MigrationRunner>().Run();
        return provider;
    }

    internal sealed record SignalRow(long Id, string Symbol, long SignalTime, string Side, string FilterMode, string Status, string? ExitReason, long? ExitTs,
        string? ProfitPct, double? Ml, long? LastCandleTime, string BtcTrend, string EntryPrice, string SlPrice, string Tp1Price,
        string Tp2Price, string? DcaPrice);

    /// <summary>The candles published so far, as MarketData's store would hold them after a restart.</summary>
    internal sealed class ReplayCandleStore : ICandleStore
    {
        private readonly Dictionary<string, List<Candle>> _candles = [];

        public void Add(string symbol, Candle candle)
        {
            if (!_candles.TryGetValue(symbol, out var list))
            {
                _candles[symbol] = list = [];
            }
            list.Add(candle);
        }

        public IReadOnlyList<Candle> Window(string symbol, string interval) => _candles.TryGetValue(symbol, out var list) ? [.. list] : [];

        public bool TryGetLast(string symbol, string interval, out Candle candle)
        {
            candle = default;
            return _candles.TryGetValue(symbol, out var list) && list.Count > 0 && (candle = list[^1]) == list[^1];
        }

        public IReadOnlyList<string> Symbols(string interval) => [.. _candles.Keys.Order(StringComparer.Ordinal)];
    }
}
