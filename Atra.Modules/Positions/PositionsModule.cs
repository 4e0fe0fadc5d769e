using Atra.Modules.Positions.Ledger;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Modules.Positions;

/// <summary>Users' positions on accepted signals, their transactions and balances, and the daily statistics.</summary>
public static class PositionsModule
{
    public static IServiceCollection AddPositionsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PositionsOptions>()
            .Bind(configuration.GetSection(PositionsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<PositionLedger>();
        services.AddSingleton<SignalFactsReader>();
        services.AddSingleton<PositionService>();
        services.AddSingleton<PositionsReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<PositionsReconciler>());
        return services;
    }

    public static IEndpointRouteBuilder MapPositionsEndpoints(this IEndpointRouteBuilder app) => PositionsEndpoints.Map(app);
}
