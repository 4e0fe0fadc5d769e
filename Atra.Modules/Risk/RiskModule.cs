using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Guards;
using Atra.Modules.Risk.Sizing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Risk;

/// <summary>Levels, sizing, guards and the lifecycle rules (pure code; the lifecycle itself is <see cref="SignalLifecycle"/>).</summary>
public static class RiskModule
{
    public static IServiceCollection AddRiskModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RiskSettings>()
            .Bind(configuration.GetSection(RiskSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RiskSettings>, RiskSettingsValidator>();
        services.AddSingleton<IPositionSizer, PositionSizer>();
        services.AddSingleton<ISignalGuardBookFactory, SignalGuardBookFactory>();
        return services;
    }
}
