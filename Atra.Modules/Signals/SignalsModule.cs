using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Strategy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        return services;
    }
}
