using System.Diagnostics;
using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Coordination;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atra.Tests.Health;

/// <summary>Against a real redis-server started on a free loopback port, then stopped.</summary>
public class RedisHealthCheckTests
{
    [Test]
    public async Task Check_RedisUpThenStopped_HealthyThenCritical()
    {
        var server = RequiredProgram.Find("redis-server", "redis-server");
        var port = LoopbackServer.FreePort();
        using var redis = Process.Start(new ProcessStartInfo(server, $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            var configuration = $"127.0.0.1:{port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";
            var services = new ServiceCollection();
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(configuration);
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
            await using var provider = services.BuildServiceProvider();
            var check = new RedisHealthCheck(Options.Create(new RedisOptions { Configuration = configuration }), Options.Create(new HealthOptions { ProbeTimeout = TimeSpan.FromSeconds(2) }), provider);

            var up = await WaitForAsync(check, HealthStatus.Healthy);
            Assert.That(up.Status, Is.EqualTo(HealthStatus.Healthy), up.Reason);
            Assert.That(up.Data, Does.ContainKey("latency_ms"));

            redis.Kill();
            await redis.WaitForExitAsync();

            var down = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();
            Assert.That(down.Status, Is.EqualTo(HealthStatus.Critical));
            Assert.That(down.Reason, Does.Contain("Redis did not answer PING"));
        }
        finally
        {
            if (!redis.HasExited)
            {
                redis.Kill();
            }
        }
    }

    [Test]
    public async Task Check_RedisNotConfigured_NoComponent()
    {
        await using var provider = new ServiceCollection().BuildServiceProvider();
        var check = new RedisHealthCheck(Options.Create(new RedisOptions()), Options.Create(new HealthOptions()), provider);

        Assert.That(await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None), Is.Empty);
    }

    /// <summary>redis-server needs a moment to listen; bounded retries, not a timed assertion.</summary>
    private static async Task<ComponentHealth> WaitForAsync(RedisHealthCheck check, HealthStatus wanted)
    {
        ComponentHealth last = null!;
        for (var i = 0; i < 50; i++)
        {
            last = (await check.CheckAsync(HealthCheckContext.Service, CancellationToken.None)).Single();
            if (last.Status == wanted)
            {
                break;
            }
            await Task.Delay(100);
        }
        return last;
    }
}
