using Atra.Modules.Backtest.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Modules.Backtest;

/// <summary>The replay runner over the same Signals and Risk code as live, its metrics and reports.</summary>
public static class BacktestModule
{
    public static IServiceCollection AddBacktestModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<IBacktestRunner, BacktestRunner>();
        return services;
    }
}
