using System.Diagnostics;
using System.Globalization;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Tests.Fakes;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Telegram;

/// <summary>
/// Not a timed test: a measurement run by hand. One signal fanned out to N subscribers through the fake Bot API
/// enforcing 30 msg/s; prints the sustained rate, the 429 count and the managed memory over the run.
/// <c>ATRA_FANOUT_SUBSCRIBERS=10000 dotnet test Atra.Tests --filter "FullyQualifiedName~FanoutBenchmark"</c>;
/// ignored when the variable is not set.
/// </summary>
public sealed class FanoutBenchmark
{
    [Test]
    public async Task Fanout_OneSignalToManySubscribers_Measure()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("ATRA_FANOUT_SUBSCRIBERS"), NumberStyles.None, CultureInfo.InvariantCulture, out var subscribers) || subscribers < 2)
        {
            Assert.Ignore("set ATRA_FANOUT_SUBSCRIBERS=<n> to run the fan-out measurement");
        }
        await using var fake = await FakeBotApi.StartAsync(TelegramTestHost.Token);
        using var host = new TelegramTestHost(fake);
        host.Factory.Settings["Logs:Folder"] = Path.Combine(Path.GetTempPath(), "atra-fanout-logs");
        host.Start();
        await using (var connection = await host.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
        {
            await using var tx = await connection.BeginTransactionAsync();
            for (var i = 0; i < subscribers; i++)
            {
                await connection.ExecuteAsync("INSERT INTO users (user_id, language, created_at) VALUES (@Id, @Lang, 0)", new { Id = 5_000_000L + i, Lang = i % 2 == 0 ? "en" : "ru" }, tx);
            }
            await tx.CommitAsync();
        }
        var signalId = await host.InsertSignalAsync();
        var memory = new List<long>();
        var publishClock = Stopwatch.StartNew();
        await host.Services.GetRequiredService<IPublisher>().Publish(new SignalGenerated(signalId, "BTCUSDT", "1h", TradeSide.Long, FilterMode.Strict, 0,
            65000m, 64000m, 66500m, 68000m, 64500m, new SignalFeatures { MlProbability = 0.7 }));
        var queued = publishClock.Elapsed;
        var sampler = Stopwatch.StartNew();
        while (fake.Sent.Count < subscribers)
        {
            await Task.Delay(1000);
            if (sampler.Elapsed >= TimeSpan.FromSeconds(10))
            {
                memory.Add(GC.GetTotalMemory(forceFullCollection: true));
                TestContext.Out.WriteLine($"{fake.Sent.Count} sent, {fake.TooManyRequests} x 429, managed heap {memory[^1] / 1_048_576.0:0.0} MB");
                sampler.Restart();
            }
        }
        var sent = fake.Sent.OrderBy(m => m.At).ToList();
        var span = sent[^1].At - sent[0].At;
        var rate = (sent.Count - 1) / span.TotalSeconds;
        var worstWindow = double.MaxValue;
        for (var start = sent[0].At; start + TimeSpan.FromSeconds(10) <= sent[^1].At; start += TimeSpan.FromSeconds(10))
        {
            var end = start + TimeSpan.FromSeconds(10);
            worstWindow = Math.Min(worstWindow, sent.Count(m => m.At >= start && m.At < end) / 10.0);
        }
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"fan-out: {subscribers} subscribers, queued in {queued.TotalSeconds:0.0} s, delivered in {span.TotalSeconds:0.0} s = {rate:0.00} msg/s (worst 10 s window {worstWindow:0.0} msg/s), 429 answers {fake.TooManyRequests}, distinct chats {sent.Select(m => m.ChatId).Distinct().Count()}, managed heap min {memory.DefaultIfEmpty().Min() / 1_048_576.0:0.0} MB max {memory.DefaultIfEmpty().Max() / 1_048_576.0:0.0} MB");
        TestContext.Out.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "atra-fanout-result.txt"), summary + Environment.NewLine);
        Assert.That(sent.Select(m => m.ChatId).Distinct().Count(), Is.EqualTo(subscribers));
    }
}
