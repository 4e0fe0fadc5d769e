using System.Diagnostics;
using System.Globalization;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Store;
using Atra.Modules.MarketData.Whales;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Benchmarks;

/// <summary>
/// <c>soak [SYMBOLS] [HOURS] [TRADES_PER_SYMBOL_MINUTE] [WALL_MINUTES]</c> (issue 13 item 10): memory over a long fast
/// replay. Every module is registered as the host registers them (SQLite in a temp folder, migrations run); the
/// service's clock is a simulated one. Each simulated hour: a whale trade feed into the real
/// <see cref="WhaleTradeTracker"/> (TRADES_PER_SYMBOL_MINUTE trades per symbol per simulated minute, time stamped on
/// the simulated clock, a few whale-sized), then one closed 1h candle per symbol through the live scan path (as
/// <see cref="ScanBenchmark"/>). The process RSS and the managed heap are printed at the start, every 10% and at the
/// end, with the whale trades held; it runs HOURS simulated hours or until WALL_MINUTES of wall time, whichever is
/// first. Flat memory: the end RSS stays near the first sample after warm-up (before the fix the tracker kept up to
/// 200,000 trades per symbol forever, pruned only when a symbol's impact was read).
/// </summary>
internal static class SoakBenchmark
{
    private const int History = ScanBenchmark.History;
    private const long HourMs = 3_600_000;
    private const long StartMs = 1_600_000_000_000 / HourMs * HourMs;

    public static async Task<int> RunAsync(int symbolCount, int hours, int tradesPerMinute, double wallMinutes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "atra-soak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var sources = ScanBenchmark.LoadSamples();
            var clock = new SimulatedClock(DateTimeOffset.FromUnixTimeMilliseconds(StartMs + (History * HourMs)));
            await using var provider = ScanBenchmark.StartModules(
                new Dictionary<string, string?> { ["Storage:Sqlite"] = Path.Combine(folder, "atra.db"), ["Storage:BackupFolder"] = Path.Combine(folder, "backups") },
                services => services.AddSingleton<TimeProvider>(clock));
            var store = (CandleStore)provider.GetRequiredService<ICandleStore>();
            var publisher = provider.GetRequiredService<IPublisher>();
            var whales = provider.GetRequiredService<WhaleTradeTracker>();
            hours = Math.Min(hours, sources.Min(s => s.Count) - History - 2);
            var (symbols, offsets) = ScanBenchmark.FillHistory(store, sources, symbolCount, hours);
            using var process = Process.GetCurrentProcess();
            var wall = Stopwatch.StartNew();
            var random = new Random(13);
            long trades = 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak: {symbolCount} symbols, up to {hours} simulated hours, {tradesPerMinute} trades/symbol/min, at most {wallMinutes} wall minutes"));
            Sample(process, "start", 0, whales, symbols, trades, wall);
            var done = 0;
            for (var h = 1; h <= hours && wall.Elapsed.TotalMinutes < wallMinutes; h++)
            {
                var hourStart = clock.GetUtcNow();
                for (var minute = 0; minute < 60; minute++)
                {
                    var at = hourStart.AddMinutes(minute);
                    clock.Set(at);
                    var ms = at.ToUnixTimeMilliseconds();
                    for (var j = 0; j < symbolCount; j++)
                    {
                        for (var t = 0; t < tradesPerMinute; t++)
                        {
                            // Mostly small trades; about one in a thousand whale-sized.
                            var notional = random.Next(1000) == 0 ? 250_000 + random.Next(1_000_000) : 50 + random.Next(20_000);
                            whales.Record(symbols[j], ms + (t * 60_000L / tradesPerMinute), notional, random.Next(2) == 0);
                        }
                    }
                    trades += (long)symbolCount * tradesPerMinute;
                }
                clock.Set(hourStart.AddHours(1));
                for (var j = 0; j < symbolCount; j++)
                {
                    var candle = ScanBenchmark.CandleAt(sources[j % sources.Length], offsets[j], History + h);
                    store.Append(symbols[j], "1h", candle);
                    await publisher.Publish(new CandleClosed(symbols[j], "1h", candle)).ConfigureAwait(false);
                }
                done = h;
                if (h == 1 || h % Math.Max(1, hours / 10) == 0)
                {
                    Sample(process, $"hour {h}", h, whales, symbols, trades, wall);
                }
            }
            Sample(process, "end", done, whales, symbols, trades, wall);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Sample(Process process, string label, int hour, WhaleTradeTracker whales, string[] symbols, long trades, Stopwatch wall)
    {
        process.Refresh();
        var held = symbols.Sum(whales.Held);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-10} simulated h {hour,4}  wall {wall.Elapsed.TotalMinutes,6:F1} min  RSS {process.WorkingSet64 / 1048576.0,8:F1} MiB  managed heap {GC.GetTotalMemory(false) / 1048576.0,8:F1} MiB  whale trades fed {trades,12:N0} held {held,10:N0}"));
    }

    /// <summary>The service's clock, moved by the replay.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
