using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Modules.Telegram.Outbox;

internal static class OutboxStoreRegistration
{
    /// <summary>The outbox on a Redis stream when <c>Redis:Configuration</c> is set, in the SQLite table otherwise.</summary>
    public static IServiceCollection AddTelegramOutboxStore(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (redis.Enabled)
        {
            services.AddSingleton<IOutboxStore, RedisOutboxStore>();
        }
        else
        {
            services.AddSingleton<IOutboxStore, SqliteOutboxStore>();
        }
        return services;
    }
}
