using Atra.Modules.Shared.Coordination;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Persistence.Backups;
using Atra.Modules.Shared.Retention;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared;

/// <summary>The building blocks every module uses: clock, storage, migrations, coordination, heartbeats, mediator.</summary>
public static class SharedModule
{
    public static IServiceCollection AddSharedModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(provider => DbConnectionFactories.Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<MigrationRunner>();
        services.AddEngineBackups();
        services.AddDatabaseBackups(configuration);
        services.AddRetention(configuration);
        services.AddSingleton<IWorkerHeartbeats, WorkerHeartbeats>();
        services.AddCoordination(configuration);
        services.AddOptions<RedisOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Singleton);
        return services;
    }
}
