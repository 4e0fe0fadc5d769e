using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// The <c>Logs</c> and <c>Elasticsearch</c> sections as validated options. Serilog reads them while the host is
/// built, before any validation can run; registering them here makes the start fail with the key named, as for
/// every other section, instead of a sink quietly writing nowhere.
/// </summary>
internal static class LoggingOptionsRegistration
{
    public static IServiceCollection AddLoggingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogsOptions>().Bind(configuration.GetSection(LogsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogsOptions>, LogsOptionsValidator>();
        services.AddOptions<ElasticsearchOptions>().Bind(configuration.GetSection(ElasticsearchOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ElasticsearchOptions>, ElasticsearchOptionsValidator>();
        return services;
    }
}
