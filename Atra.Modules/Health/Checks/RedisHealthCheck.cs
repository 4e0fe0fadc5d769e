using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>redis</c>, only when <c>Redis:Configuration</c> is set: a PING within <c>Health:ProbeTimeout</c>. Redis
/// carries the counters, locks and queues once configured, so an unanswered PING is CRITICAL.
/// </summary>
internal sealed class RedisHealthCheck(IOptions<RedisOptions> redis, IOptions<HealthOptions> options, IServiceProvider services) : IHealthCheckContributor
{
    public const string Component = "redis";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (!redis.Value.Enabled)
        {
            return [];
        }
        var timeout = options.Value.ProbeTimeout;
        var data = new Dictionary<string, object?>();
        try
        {
            var multiplexer = services.GetRequiredService<IConnectionMultiplexer>();
            data["connected"] = multiplexer.IsConnected;
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 2);
            return [ComponentHealth.Of(Component, HealthStatus.Healthy, $"PING answered in {latency.TotalMilliseconds:0.#} ms", data)];
        }
        catch (TimeoutException)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Critical, $"Redis did not answer PING within {timeout.TotalSeconds:0.#} s", data)];
        }
        catch (RedisException ex)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Critical, "Redis did not answer PING", data, FirstLine(ex.Message))];
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
