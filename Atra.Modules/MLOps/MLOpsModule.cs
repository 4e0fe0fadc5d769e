using Atra.Modules.MLOps.Api;
using Atra.Modules.MLOps.Automation;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.Signals.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MLOps;

/// <summary>
/// The learning loop: training rows (closed signals, or a backtest of candle files), three ML.NET families on
/// walk-forward folds, calibration, the file registry with aliases and an audit log, the promotion gate, drift
/// checks, the serving champion behind Signals' ML hook, the automation worker and the admin API.
/// </summary>
public static class MLOpsModule
{
    public static IServiceCollection AddMLOpsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MLOpsOptions>()
            .Bind(configuration.GetSection(MLOpsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MLOpsOptions>, MLOpsOptionsValidator>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ChampionModel>();
        services.AddSingleton<ISignalProbabilityModel>(sp => sp.GetRequiredService<ChampionModel>());
        services.AddSingleton<RowSource>();
        services.AddSingleton<MLOpsPipeline>();
        services.AddSingleton<MLOpsJobStore>();
        services.AddSingleton<MLOpsJobWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<MLOpsJobWorker>());
        services.AddHostedService<MLOpsAutomationWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapMLOpsEndpoints(this IEndpointRouteBuilder app) => MLOpsEndpoints.Map(app);
}
