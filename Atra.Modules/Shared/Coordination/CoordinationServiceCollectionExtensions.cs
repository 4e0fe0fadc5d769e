using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Atra.Modules.Shared.Coordination;

internal static class CoordinationServiceCollectionExtensions
{
    /// <summary>Registers cache, counters, queue and lock: Redis-backed when configured, in-process otherwise.</summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.SectionName));
        var options = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (options.Enabled)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var config = ConfigurationOptions.Parse(options.Configuration!);
                // Start even while Redis is down: the health check reports it and commands fail until it is back.
                config.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(config);
            });
            services.AddSingleton(sp => new RedisCoordination(sp.GetRequiredService<IConnectionMultiplexer>(), options.KeyPrefix));
            Forward<RedisCoordination>(services);
        }
        else
        {
            services.AddSingleton<InProcessCoordination>();
            Forward<InProcessCoordination>(services);
        }
        return services;
    }

    private static void Forward<T>(IServiceCollection services)
        where T : class, ICache, IDistributedCounter, IDurableQueue, IDistributedLock
    {
        services.AddSingleton<ICache>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IDistributedCounter>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IDurableQueue>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IDistributedLock>(sp => sp.GetRequiredService<T>());
    }
}
