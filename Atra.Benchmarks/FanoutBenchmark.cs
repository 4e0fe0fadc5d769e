using System.Diagnostics;
using System.Globalization;
using Atra.Host.Platform;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Outbox;
using Atra.Tests.Fakes;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Benchmarks;

/// <summary>
/// <c>fanout-bench [SUBSCRIBERS] [REDIS]</c>: one signal fanned out to N subscribers (default 10,000) by the real
/// service (every module, a SQLite file in a temp folder, no market feed) through a loopback Bot API that enforces
/// Telegram's 30 msg/s (the tests' <c>FakeBotApi</c> and recorded payloads). Prints the average rate, the slowest
/// 10 s window (sliding, and aligned on the first send), the busiest 1 s window as the fake counts it, the 429
/// count, and memory sampled every second while the queue drains (managed heap now, heap after the last GC,
/// working set: first, last, max), with the outbox depth. REDIS, a StackExchange.Redis configuration string
/// (e.g. <c>127.0.0.1:6379</c>), puts the outbox on that server. Exit 0 when every subscriber got the signal.
/// </summary>
internal static class FanoutBenchmark
{
    private const string Token = "123456789:AAH-fake-token-for-benchmarks_0123";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int subscribers, string? redis)
    {
        var folder = Directory.CreateTempSubdirectory("atra-fanout-bench-").FullName;
        try
        {
            var noCandles = Directory.CreateDirectory(Path.Combine(folder, "no-candles")).FullName;
            await using var fake = await FakeBotApi.StartAsync(Token).ConfigureAwait(false);
            // The fake keeps what it accepted; without the texts it adds ~100 bytes a message to the process, not ~1 KB.
            fake.KeepTexts = false;
            List<string> args =
            [
                "--urls=http://127.0.0.1:0",
                $"--Storage:Sqlite={Path.Combine(folder, "atra.db")}",
                $"--Storage:BackupFolder={Path.Combine(folder, "backups")}",
                "--Storage:LegacyUsersFile=",
                $"--Logs:Folder={Path.Combine(folder, "logs")}",
                "--Serilog:MinimumLevel:Default=Warning",
                $"--Market:Replay:Folder={noCandles}",
                $"--Telegram:BotToken={Token}",
                $"--Telegram:BaseUrl={fake.BaseUrl}",
                "--Telegram:PollingTimeout=00:00:02",
            ];
            if (redis is not null)
            {
                args.Add($"--Redis:Configuration={redis}");
                args.Add($"--Redis:KeyPrefix=bench{Guid.NewGuid():N}:");
            }
            await using var app = AtraHost.BuildWeb([.. args]);
            await app.StartAsync().ConfigureAwait(false);
            var delivered = await MeasureAsync(app, fake, subscribers, redis is not null).ConfigureAwait(false);
            await app.StopAsync().ConfigureAwait(false);
            return delivered == subscribers ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(WebApplication app, FakeBotApi fake, int subscribers, bool redis)
    {
        var services = app.Services;
        long signalId;
        await using (var connection = await services.GetRequiredService<IDbConnectionFactory>().OpenAsync().ConfigureAwait(false))
        {
            await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
            for (var i = 0; i < subscribers; i++)
            {
                await connection.ExecuteAsync("INSERT INTO users (user_id, language, created_at) VALUES (@Id, @Lang, 0)", new { Id = 5_000_000L + i, Lang = i % 2 == 0 ? "en" : "ru" }, tx).ConfigureAwait(false);
            }
            signalId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct, filter_mode, signal_time, created_at)
                VALUES ('BTCUSDT', 'long', '65000', '66500', '68000', '64000', '64500', '1', 'strict', @Time, @Time);
                SELECT last_insert_rowid();
                """, new { Time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx).ConfigureAwait(false);
            await tx.CommitAsync().ConfigureAwait(false);
        }
        var outbox = services.GetRequiredService<TelegramOutbox>();
        var samples = new List<MemorySample>();
        var publishClock = Stopwatch.StartNew();
        await services.GetRequiredService<IPublisher>().Publish(new SignalGenerated(signalId, "BTCUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0,
            65000m, 64000m, 66500m, 68000m, 64500m, new SignalFeatures { MlProbability = 0.7 })).ConfigureAwait(false);
        var queued = publishClock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var trips = AtraMetrics.TelegramRequestDuration;
        var (tripSum, tripCount) = (trips.Sum, trips.Count);
        var (lineSum, lineCount) = (tripSum, tripCount);
        var worstTrip = 0.0;
        var wall = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        var lastProgress = (Sent: 0, At: Stopwatch.StartNew());
        while (fake.Sent.Count < subscribers)
        {
            await Task.Delay(1000).ConfigureAwait(false);
            var process = Process.GetCurrentProcess();
            samples.Add(new MemorySample(fake.Sent.Count, await outbox.DepthAsync().ConfigureAwait(false), GC.GetTotalMemory(forceFullCollection: false),
                GC.GetGCMemoryInfo().HeapSizeBytes, process.WorkingSet64));
            if (fake.Sent.Count > lastProgress.Sent)
            {
                lastProgress = (fake.Sent.Count, Stopwatch.StartNew());
            }
            else if (lastProgress.At.Elapsed > TimeSpan.FromMinutes(1))
            {
                Console.Error.WriteLine($"fanout-bench: nothing delivered for a minute; stopping at {fake.Sent.Count} of {subscribers}");
                break;
            }
            if (progress.Elapsed >= Window)
            {
                var s = samples[^1];
                var trip = (trips.Sum - lineSum) / Math.Max(1, trips.Count - lineCount);
                worstTrip = Math.Max(worstTrip, trip);
                (lineSum, lineCount) = (trips.Sum, trips.Count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Sent} sent, depth {s.Depth}, {fake.TooManyRequests} x 429, round trip {trip * 1000:0.0} ms, heap {Mb(s.Heap)} MB, after GC {Mb(s.HeapAfterGc)} MB, working set {Mb(s.WorkingSet)} MB"));
                progress.Restart();
            }
        }
        if (samples.Count == 0 || fake.Sent.Count < 2)
        {
            return fake.Sent.Select(m => m.ChatId).Distinct().Count();
        }
        var meanTrip = (trips.Sum - tripSum) / Math.Max(1, trips.Count - tripCount);
        var cpuShare = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds;
        var times = fake.Sent.Select(m => m.At).Order().ToArray();
        var span = times[^1] - times[0];
        var rate = (times.Length - 1) / span.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            fan-out ({(redis ? "Redis stream" : "SQLite")} outbox): {subscribers} subscribers, queued in {queued.TotalSeconds:0.0} s, delivered in {span.TotalSeconds:0.0} s
              rate avg {rate:0.00} msg/s; slowest 10 s window: sliding {SlowestWindow(times, Window) / Window.TotalSeconds:0.0} msg/s, aligned {SlowestAligned(times, Window) / Window.TotalSeconds:0.0} msg/s; busiest 1 s window {BusiestWindow(times, TimeSpan.FromSeconds(1))} messages
              request round trip mean {meanTrip * 1000:0.0} ms (worst 10 s stretch {worstTrip * 1000:0.0} ms): the answer-timed limit allows 30 / (1.010 s + trip) = {30 / (1.010 + meanTrip):0.00} msg/s
              429 answers {fake.TooManyRequests}, distinct chats {fake.Sent.Select(m => m.ChatId).Distinct().Count()}, process CPU {cpuShare * 100:0}% of one core
              memory over {samples.Count} samples (first / last / max): heap {Mb(samples[0].Heap)} / {Mb(samples[^1].Heap)} / {Mb(samples.Max(s => s.Heap))} MB; after GC {Mb(samples[0].HeapAfterGc)} / {Mb(samples[^1].HeapAfterGc)} / {Mb(samples.Max(s => s.HeapAfterGc))} MB; working set {Mb(samples[0].WorkingSet)} / {Mb(samples[^1].WorkingSet)} / {Mb(samples.Max(s => s.WorkingSet))} MB
              outbox depth at the first / last sample {samples[0].Depth} / {samples[^1].Depth}
              per aligned 10 s window: {string.Join(' ', AlignedCounts(times, Window))}
              per second, first 20 s: {string.Join(' ', AlignedCounts(times, TimeSpan.FromSeconds(1)).Take(20))}
            """));
        return fake.Sent.Select(m => m.ChatId).Distinct().Count();
    }

    /// <summary>The fewest messages in any window of the given length that starts at a send and ends before the last one.</summary>
    private static int SlowestWindow(TimeSpan[] times, TimeSpan length)
    {
        var slowest = int.MaxValue;
        var end = 0;
        for (var start = 0; start < times.Length && times[start] + length <= times[^1]; start++)
        {
            while (end < times.Length && times[end] < times[start] + length)
            {
                end++;
            }
            slowest = Math.Min(slowest, end - start);
        }
        return slowest == int.MaxValue ? times.Length : slowest;
    }

    /// <summary>The fewest messages in consecutive whole windows counted from the first send.</summary>
    private static int SlowestAligned(TimeSpan[] times, TimeSpan length)
    {
        var counts = AlignedCounts(times, length);
        return counts.Count == 0 ? times.Length : counts.Min();
    }

    /// <summary>Messages in each consecutive whole window counted from the first send.</summary>
    private static List<int> AlignedCounts(TimeSpan[] times, TimeSpan length)
    {
        var counts = new List<int>();
        for (var start = times[0]; start + length <= times[^1]; start += length)
        {
            var from = start;
            counts.Add(times.Count(t => t >= from && t < from + length));
        }
        return counts;
    }

    /// <summary>The most messages the fake accepted in any window of the given length (what its limit counts).</summary>
    private static int BusiestWindow(TimeSpan[] times, TimeSpan length)
    {
        var busiest = 0;
        var start = 0;
        for (var end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= length)
            {
                start++;
            }
            busiest = Math.Max(busiest, end - start + 1);
        }
        return busiest;
    }

    private static string Mb(long bytes) => (bytes / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record MemorySample(int Sent, long Depth, long Heap, long HeapAfterGc, long WorkingSet);
}
