using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Retention;

/// <summary>The retention worker and its settings; each module adds its own policies with <see cref="AddRetentionPolicy{TPolicy}"/>.</summary>
public static class RetentionServiceCollectionExtensions
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }

    /// <summary>A module's pruning of one of its own tables (its policy stays internal to the module).</summary>
    public static IServiceCollection AddRetentionPolicy<TPolicy>(this IServiceCollection services)
        where TPolicy : class, IRetentionPolicy
    {
        services.AddSingleton<IRetentionPolicy, TPolicy>();
        return services;
    }
}
