using Atra.Modules.Backtest.Api;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Shared.Retention;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Modules.Backtest;

/// <summary>The replay runner over the same Signals and Risk code as live, its metrics and reports, and the admin backtests API.</summary>
public static class BacktestModule
{
    public static IServiceCollection AddBacktestModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IBacktestRunner, BacktestRunner>();
        services.AddOptions<BacktestApiOptions>().Bind(configuration.GetSection(BacktestApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BacktestRunStore>();
        services.AddRetentionPolicy<BacktestRunRetention>();
        services.AddSingleton<BacktestRunWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BacktestRunWorker>());
        return services;
    }

    public static IEndpointRouteBuilder MapBacktestEndpoints(this IEndpointRouteBuilder app) => BacktestsEndpoints.Map(app);
}
