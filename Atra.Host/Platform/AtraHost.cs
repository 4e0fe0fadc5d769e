using System.Text.Json;
using Atra.Host.Platform.Api;
using Atra.Host.Platform.Errors;
using Atra.Host.Platform.Health;
using Atra.Host.Platform.Logging;
using Prometheus;
using Serilog;

namespace Atra.Host.Platform;

/// <summary>Builds the web host and the non-web host used by the CLI commands, with the same modules and settings.</summary>
internal static class AtraHost
{
    /// <summary>The service: every module, the HTTP pipeline, workers.</summary>
    public static WebApplication BuildWeb(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The settings file is copied next to the binary, so the service finds it from any working directory.
            ContentRootPath = HasArg(args, "contentRoot") ? null : AppContext.BaseDirectory,
        });
        var stats = new ElasticsearchSinkStats();
        builder.Services.AddSingleton(stats);
        builder.Services.AddSerilog((services, logger) =>
            AtraLogging.Configure(logger, builder.Configuration, consoleToStdErr: false, stats, services.GetRequiredService<TimeProvider>()));

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<AtraExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", 64 * 1024));
        // Binding failures (malformed JSON, wrong types) reach AtraExceptionHandler as 400 problems in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddAtraOpenApi();
        builder.Services.AddHostedService<DatabaseStartup>();
        Program.AddModules(builder.Services, builder.Configuration);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UseHttpMetrics();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapLiveness();
        app.MapMetrics("/metrics");
        app.MapAtraOpenApi();
        Program.MapModules(app);
        return app;
    }

    /// <summary>The same modules and settings without HTTP, for one-shot commands (migrate, backtest, health …).</summary>
    public static IHost BuildCommandHost(string[] configArgs)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var stats = new ElasticsearchSinkStats();
        builder.Services.AddSingleton(stats);
        builder.Services.AddSerilog((services, logger) =>
            AtraLogging.Configure(logger, builder.Configuration, consoleToStdErr: true, stats, services.GetRequiredService<TimeProvider>()));
        Program.AddModules(builder.Services, builder.Configuration);
        var host = builder.Build();
        // One-shot commands never call StartAsync, so run the start-time settings validation here.
        host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return host;
    }

    private static bool HasArg(string[] args, string key) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith(key, StringComparison.OrdinalIgnoreCase));
}
