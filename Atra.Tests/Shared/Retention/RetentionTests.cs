using Atra.Modules.Auth;
using Atra.Modules.Backtest.Api;
using Atra.Modules.Shared.Retention;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Telegram.Outbox;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atra.Tests.Shared.Retention;

/// <summary>
/// Rows that only grow are pruned by their own module's policy (issue 15, issue 13 item 10): finished and old rows
/// go, in batches; pending, live or recent ones stay; the cutoffs come from Retention:Keep or each policy's default.
/// </summary>
[NonParallelizable]
public class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static long Ms(TimeSpan ago) => (Now - ago).ToUnixTimeMilliseconds();

    private static RetentionWorker Worker(TestStorage storage, RetentionOptions options) =>
        new(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            new WorkerHeartbeats(storage.Clock),
            Microsoft.Extensions.Options.Options.Create(options),
            storage.Clock,
            NullLogger<RetentionWorker>.Instance);

    [Test]
    public async Task TelegramOutbox_SentAndDroppedOlderThanKeep_Go_PendingAndRecentStay()
    {
        using var storage = new TestStorage(clock: new FakeTimeProvider(Now));
        await using (var c = await storage.Connections.OpenAsync())
        {
            const string insert = "INSERT INTO telegram_outbox (dedup_key, chat_id, text, status, not_before, created_at) VALUES (@Key, 1, 't', @Status, 0, @At)";
            foreach (var (key, status, age) in new[]
            {
                ("sent-old", "sent", 40), ("dropped-old", "dropped", 40), ("sent-old-2", "sent", 31),
                ("pending-old", "pending", 40), ("sending-old", "sending", 40), ("sent-new", "sent", 29),
            })
            {
                await c.ExecuteAsync(insert, new { Key = key, Status = status, At = Ms(TimeSpan.FromDays(age)) });
            }
        }

        // A batch of one: the worker keeps deleting until a batch comes back short.
        var pruned = await Worker(storage, new RetentionOptions { BatchSize = 1 }).PruneAsync(new OutboxRetention(storage.Connections), CancellationToken.None);

        await using var check = await storage.Connections.OpenAsync();
        var left = (await check.QueryAsync<string>("SELECT dedup_key FROM telegram_outbox ORDER BY dedup_key")).ToList();
        Assert.That(pruned, Is.EqualTo(3));
        Assert.That(left, Is.EqualTo(new[] { "pending-old", "sending-old", "sent-new" }));
    }

    [Test]
    public async Task RefreshTokens_ExpiredOrRevokedLongAgo_Go_LiveAndRecentlyExpiredStay()
    {
        using var storage = new TestStorage(clock: new FakeTimeProvider(Now));
        await using (var c = await storage.Connections.OpenAsync())
        {
            await c.ExecuteAsync("INSERT INTO users (id, username, created_at) VALUES (1, 'u', 0)");
            const string insert = """
                INSERT INTO refresh_tokens (token_hash, family_id, user_id, access_jti, access_expires_at, created_at, expires_at, revoked_at)
                VALUES (@Hash, 'f', 1, 'j', 0, 0, @Expires, @Revoked)
                """;
            await c.ExecuteAsync(insert, new { Hash = "expired-long-ago", Expires = Ms(TimeSpan.FromDays(31)), Revoked = (long?)null });
            await c.ExecuteAsync(insert, new { Hash = "revoked-long-ago", Expires = Ms(-TimeSpan.FromDays(10)), Revoked = (long?)Ms(TimeSpan.FromDays(45)) });
            await c.ExecuteAsync(insert, new { Hash = "expired-recently", Expires = Ms(TimeSpan.FromDays(2)), Revoked = (long?)null });
            await c.ExecuteAsync(insert, new { Hash = "live", Expires = Ms(-TimeSpan.FromDays(10)), Revoked = (long?)null });
        }

        var pruned = await Worker(storage, new RetentionOptions()).PruneAsync(new RefreshTokenRetention(storage.Connections), CancellationToken.None);

        await using var check = await storage.Connections.OpenAsync();
        Assert.That(pruned, Is.EqualTo(2));
        Assert.That(await check.QueryAsync<string>("SELECT token_hash FROM refresh_tokens ORDER BY token_hash"), Is.EqualTo(new[] { "expired-recently", "live" }));
    }

    [Test]
    public async Task BacktestRuns_FinishedOlderThanTheConfiguredKeep_Go_RunningStays()
    {
        using var storage = new TestStorage(clock: new FakeTimeProvider(Now));
        await using (var c = await storage.Connections.OpenAsync())
        {
            const string insert = "INSERT INTO backtest_runs (status, interval, requested_by, created_at, finished_at) VALUES (@Status, '1h', 1, 0, @Finished)";
            await c.ExecuteAsync(insert, new { Status = "done", Finished = (long?)Ms(TimeSpan.FromDays(8)) });
            await c.ExecuteAsync(insert, new { Status = "failed", Finished = (long?)Ms(TimeSpan.FromDays(8)) });
            await c.ExecuteAsync(insert, new { Status = "done", Finished = (long?)Ms(TimeSpan.FromDays(6)) });
            await c.ExecuteAsync(insert, new { Status = "running", Finished = (long?)null });
        }
        // Configured shorter than the 90-day default.
        var options = new RetentionOptions { Keep = { ["backtest_runs"] = TimeSpan.FromDays(7) } };

        var pruned = await Worker(storage, options).PruneAsync(new BacktestRunRetention(storage.Connections), CancellationToken.None);

        await using var check = await storage.Connections.OpenAsync();
        Assert.That(pruned, Is.EqualTo(2));
        Assert.That(await check.QueryAsync<string>("SELECT status FROM backtest_runs ORDER BY id"), Is.EqualTo(new[] { "done", "running" }));
    }

    [Test]
    public async Task Service_EveryModuleRegistersItsPolicies_AndTheWorkerRunsAtStart()
    {
        await using var host = await TestWebHost.StartAsync();

        var names = host.App.Services.GetServices<IRetentionPolicy>().Select(p => p.Name).Order().ToList();

        Assert.That(names, Is.EqualTo(new[] { "backtest_runs", "refresh_tokens", "telegram_outbox" }));
        Assert.That(host.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<RetentionWorker>().Count(), Is.EqualTo(1));
    }

    [TestCase("Retention:Keep:no_such_table", "1.00:00:00", "Retention:Keep:no_such_table: no such kind of row; one of backtest_runs, refresh_tokens, telegram_outbox.")]
    [TestCase("Retention:Keep:telegram_outbox", "00:10:00", "Retention:Keep:telegram_outbox: must be at least 01:00:00.")]
    [TestCase("Retention:Interval", "00:00:10", "Retention:Interval: must be between 00:01:00 and 7.00:00:00.")]
    [TestCase("Retention:BatchSize", "0", "Retention:BatchSize: must be between 1 and 100000.")]
    public async Task Cli_BadRetentionSetting_RefusesNamingTheKey(string key, string value, string message)
    {
        using var folder = new TempFolder();

        var (exit, _, stderr) = await CliTests.RunAsync("health", $"--Storage:Sqlite={folder.File("atra.db")}", $"--Logs:Folder={folder.File("logs")}", $"--{key}={value}");

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain(message));
    }
}
