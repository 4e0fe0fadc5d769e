using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Filters;
using Atra.Modules.Signals.News;
using Atra.Modules.Signals.Queries;
using Atra.Modules.Signals.Scanning;
using Atra.Modules.Signals.Store;
using Atra.Modules.Signals.Strategy;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals;

/// <summary>The strategy, its filters (BTC trend, anomaly, whale, news, ML hook), the signal store and the scan worker.</summary>
public static class SignalsModule
{
    public static IServiceCollection AddSignalsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalsSettings>()
            .Bind(configuration.GetSection(SignalsSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignalsSettings>, SignalsSettingsValidator>();
        services.AddSingleton<ISignalStrategy, EmaCrossStrategy>();
        services.AddSingleton<SignalStore>();
        services.AddSingleton<SignalPageCache>();
        services.AddSingleton<IWhaleImpactSource, WhaleImpactSource>();
        services.AddHttpClient(NewsImpactSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<INewsImpactSource, NewsImpactSource>();
        services.AddSingleton<ExternalFilters>();
        services.AddSingleton<SignalCommits>();
        services.AddSingleton<SignalScanner>();
        services.TryAddSingleton<SignalScanWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SignalScanWorker>());
        return services;
    }

    public static IEndpointRouteBuilder MapSignalsEndpoints(this IEndpointRouteBuilder app) => SignalsEndpoints.Map(app);
}
