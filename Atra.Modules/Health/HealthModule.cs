using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Health.StatusPage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

/// <summary>
/// Health checks (database, system, exchanges, Redis, Elasticsearch, Telegram, workers, signal generation),
/// the health monitor that feeds <c>atra_health_status</c>, <c>/health/ready</c> and the status page's data.
/// Other modules add their own checks with <see cref="AddHealthContributor{T}"/>.
/// </summary>
public static class HealthModule
{
    internal const string HttpClientName = "Atra.Health";

    public static IServiceCollection AddHealthModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddSingleton(RemoteProbeOptions.From(configuration));
        // No request logging on this client: the Telegram token is part of the getMe URL.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();

        services.AddSingleton<HealthService>();
        var intervals = configuration.GetSection("Market:Intervals").Get<string[]>() is { Length: > 0 } configured ? configured : ["1h"];
        var shortest = intervals.Where(CandleInterval.IsValid).Select(CandleInterval.Milliseconds).DefaultIfEmpty(3_600_000L).Min();
        services.TryAddSingleton<IExchangeProbeSource>(sp => new MarketDataExchangeProbeSource(sp.GetRequiredService<IExchangeStatus>(), TimeSpan.FromMilliseconds(shortest)));
        services.AddHealthContributor<DatabaseHealthCheck>();
        services.AddHealthContributor<SystemHealthCheck>();
        services.AddHealthContributor<ExchangeHealthCheck>();
        services.AddHealthContributor<ExchangeRestProbeCheck>();
        services.AddHealthContributor<PriceReferenceHealthCheck>();
        services.AddHealthContributor<DataQualityHealthCheck>();
        services.AddHealthContributor<RedisHealthCheck>();
        services.AddHealthContributor<ElasticsearchHealthCheck>();
        services.AddHealthContributor<TelegramHealthCheck>();
        services.AddHealthContributor<WorkersHealthCheck>();
        services.AddHealthContributor<SignalGenerationHealthCheck>();

        services.AddHostedService<HealthMonitorWorker>();
        services.AddHostedService<HeartbeatMetrics>();

        services.AddSingleton<StatusReadModel>();
        services.TryAddSingleton<IStatusCandleSource>(sp => new MarketDataStatusCandleSource(sp.GetRequiredService<ICandleStore>(), intervals[0]));
        return services;
    }

    /// <summary>Registers a module's health check; its components join every report.</summary>
    public static IServiceCollection AddHealthContributor<T>(this IServiceCollection services)
        where T : class, IHealthCheckContributor
    {
        services.AddSingleton<T>();
        services.AddSingleton<IHealthCheckContributor>(sp => sp.GetRequiredService<T>());
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadiness();
        app.MapStatusData();
        return app;
    }
}
