using System.Diagnostics;
using System.Globalization;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Store;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atra.Benchmarks;

/// <summary>
/// <c>scan-bench [SYMBOLS] [ROUNDS] [--postgres CONNECTION_STRING]</c>: the live scan path as the service runs it. Every
/// module is registered as the host registers them (a SQLite file in a temp folder, or with <c>--postgres</c> a
/// throwaway database created on that server and dropped after; migrations run, no hosted service started); the candle
/// store holds 300 real 1h candles per symbol (the repository's <c>samples/</c>, each symbol a different stretch of
/// one of the five files, re-timed to a common clock; BTCUSDT is BTC's own). A first closed candle per symbol
/// warms the scanner up from the candle store (untimed); then each round appends one closed candle per symbol to
/// the candle store and publishes its <see cref="CandleClosed"/> through the mediator, BTC first, and is timed
/// until every symbol has been evaluated and every generated signal and lifecycle change is in the database.
/// </summary>
internal static class ScanBenchmark
{
    private const int History = 300;
    private const long HourMs = 3_600_000;
    private const long StartMs = 1_600_000_000_000 / HourMs * HourMs;

    public static async Task<int> RunAsync(int symbolCount, int rounds, string? postgres = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "atra-scan-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = postgres is null ? null : await CreateDatabaseAsync(postgres).ConfigureAwait(false);
        try
        {
            var sources = LoadSamples();
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Sqlite"] = Path.Combine(folder, "atra.db"),
                ["Storage:BackupFolder"] = Path.Combine(folder, "backups"),
            };
            if (database is not null)
            {
                settings["Storage:Provider"] = "Postgres";
                settings["Storage:Postgres"] = database;
            }
            Console.WriteLine(database is null ? "storage: SQLite (a temp file)" : "storage: PostgreSQL (a throwaway database)");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            Atra.Host.Program.AddModules(services, configuration);
            await using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<MigrationRunner>().Run();
            var store = (CandleStore)provider.GetRequiredService<ICandleStore>();
            var publisher = provider.GetRequiredService<IPublisher>();
            var connections = provider.GetRequiredService<IDbConnectionFactory>();

            var symbols = new string[symbolCount];
            var offsets = new int[symbolCount];
            for (var j = 0; j < symbolCount; j++)
            {
                var source = sources[j % sources.Length];
                symbols[j] = j == 0 ? "BTCUSDT" : $"S{j:D3}{source.Symbol}";
                offsets[j] = j == 0 ? 0 : (j / sources.Length * 53) % (source.Count - History - rounds - 2);
                for (var i = 0; i < History; i++)
                {
                    store.Append(symbols[j], "1h", CandleAt(source, offsets[j], i));
                }
            }

            var warm = Stopwatch.StartNew();
            await RoundAsync(History, symbols, offsets, sources, store, publisher).ConfigureAwait(false);
            Console.WriteLine($"{symbolCount} symbols × {History} candles: warm-up round (scanner state rebuilt from the candle store) {warm.Elapsed.TotalMilliseconds:F0} ms");

            var times = new List<double>();
            for (var r = 1; r <= rounds; r++)
            {
                var before = await CountsAsync(connections).ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                await RoundAsync(History + r, symbols, offsets, sources, store, publisher).ConfigureAwait(false);
                var ms = clock.Elapsed.TotalMilliseconds;
                times.Add(ms);
                var after = await CountsAsync(connections).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {r,2}: {ms,7:F1} ms  new signals {after.Signals - before.Signals,3}, open {after.Open,3}, closed so far {after.Closed,3}"));
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one closed candle × {symbolCount} symbols, {rounds} rounds: min {times[0]:F1} ms, median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            if (postgres is not null && database is not null)
            {
                await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)").ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "atra_scan_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {name}").ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await connection.ExecuteAsync(sql).ConfigureAwait(false);
    }

    private static async Task RoundAsync(int index, string[] symbols, int[] offsets, CandleSeries[] sources, CandleStore store, IPublisher publisher)
    {
        for (var j = 0; j < symbols.Length; j++)
        {
            var candle = CandleAt(sources[j % sources.Length], offsets[j], index);
            store.Append(symbols[j], "1h", candle);
            await publisher.Publish(new CandleClosed(symbols[j], "1h", candle)).ConfigureAwait(false);
        }
    }

    private static async Task<(long Signals, long Open, long Closed)> CountsAsync(IDbConnectionFactory connections)
    {
        const string Sql = """
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), 0)
            FROM enhanced_signals
            """;
        await using var connection = await connections.OpenAsync().ConfigureAwait(false);
        return await connection.QuerySingleAsync<(long, long, long)>(Sql).ConfigureAwait(false);
    }

    private static Candle CandleAt(CandleSeries source, int offset, int index)
    {
        var k = source[offset + index];
        return k with { OpenTimeMs = StartMs + (index * HourMs) };
    }

    private static CandleSeries[] LoadSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(samples, "BTCUSDT-1h.csv")))
            {
                // BTC first: symbol 0 is BTCUSDT itself.
                return [.. Directory.GetFiles(samples, "*-1h.csv").Order(StringComparer.Ordinal).Select(p => CandleCsvReader.ReadFile(p))
                    .OrderBy(s => s.Symbol == "BTCUSDT" ? 0 : 1)];
            }
        }
        throw new DirectoryNotFoundException("samples/ (the repository's sample candles) not found above the current folder or " + AppContext.BaseDirectory);
    }
}
