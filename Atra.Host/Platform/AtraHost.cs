using System.Text.Json;
using Atra.Host.Platform.Api;
using Atra.Host.Platform.Errors;
using Atra.Host.Platform.Health;
using Atra.Host.Platform.Logging;
using Atra.Modules.Auth;
using Atra.Modules.Shared.Http;
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
            // Razor Pages are found in the application assembly; name it, so a host started by a test runner finds them too.
            ApplicationName = typeof(AtraHost).Assembly.GetName().Name,
            // The settings file is copied next to the binary, so the service finds it from any working directory.
            ContentRootPath = HasArg(args, "contentRoot") ? null : AppContext.BaseDirectory,
        });
        var stats = new ElasticsearchSinkStats();
        builder.Services.AddSingleton(stats);
        // preserveStaticLogger: every logger of this host writes to this host's Serilog pipeline. Without it Serilog
        // routes them through the static Log.Logger, which the last host built replaces and a disposed host closes:
        // with several hosts in one process (the tests), lines went to another host's files or to a closed one.
        builder.Services.AddSerilog((services, logger) =>
            AtraLogging.Configure(logger, builder.Configuration, command: false, stats, services.GetRequiredService<TimeProvider>()),
            preserveStaticLogger: true);
        CachingLoggerFactory.Decorate(builder.Services);

        builder.Services.AddProblemDetails();
        builder.Services.AddRazorPages();
        builder.Services.AddExceptionHandler<AtraExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            // The web defaults read "100" as a number; a quoted number is a client's type error, answered with 400.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", 64 * 1024));
        // Binding failures (malformed JSON, wrong types) reach AtraExceptionHandler as 400 problems in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddAtraOpenApi();
        // prometheus-net's adapters for .NET meters and event counters start at the first scrape and then run on every
        // request (ASP.NET Core, Kestrel and routing record several measurements each); measured with api-bench.sh,
        // a scraped process spent 75-100 µs of CPU per signals request instead of ~50. Nothing reads those series:
        // the dashboards use http_request_duration_seconds (UseHttpMetrics) and the process_/dotnet_ collectors, kept.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true, SuppressEventCounters = true });
        builder.Services.AddClientProtection(builder.Configuration);
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddLoggingOptions(builder.Configuration);
        builder.Services.AddHostedService<ElasticsearchLifecycle>();
        Program.AddModules(builder.Services, builder.Configuration);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseTrustedProxies();
        // Request logging outside the exception handler, so it records the status the client got (a 400 for a
        // malformed body, not the 500 an escaping BadHttpRequestException would suggest).
        // Given the logger once: without it the middleware asks the static logger for a context logger per request.
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.UseStaticFiles();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAccessTokens();
        // Authorization reads this switch on every request; unset, the runtime looks it up under two locks each time
        // (~1 % of a request's CPU in a trace of api-bench). Set to its default: the resource stays the HttpContext.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authorization.SuppressUseHttpContextAsAuthorizationResource", false);
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapLiveness();
        app.MapMetrics("/metrics");
        app.MapAtraOpenApi();
        app.MapRazorPages().AllowAnonymous().RequireRateLimiting(PublicEndpoints.RateLimitPolicy);
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
            AtraLogging.Configure(logger, builder.Configuration, command: true, stats, services.GetRequiredService<TimeProvider>()),
            preserveStaticLogger: true);
        builder.Services.AddLoggingOptions(builder.Configuration);
        Program.AddModules(builder.Services, builder.Configuration);
        var host = builder.Build();
        // One-shot commands never call StartAsync, so run the start-time settings validation here.
        host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return host;
    }

    /// <summary>
    /// The same modules, settings and start-time validation as <see cref="BuildCommandHost"/>, without the generic
    /// host and its logging pipeline (about 0.2 s of a one-shot run): for commands that log nothing of their own
    /// (backtest). Settings come from the same places: appsettings.json, appsettings.{environment}.json, environment
    /// variables, <c>--Section:Key=value</c> arguments.
    /// </summary>
    public static ServiceProvider BuildCommandServices(string[] configArgs)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configArgs);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new CommandEnvironment(environment));
        Program.AddModules(services, configuration);
        var provider = services.BuildServiceProvider();
        provider.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return provider;
    }

    private sealed class CommandEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = typeof(AtraHost).Assembly.GetName().Name ?? "atra";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    private static bool HasArg(string[] args, string key) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith(key, StringComparison.OrdinalIgnoreCase));
}
