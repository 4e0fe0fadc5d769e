using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// Serilog as operators expect it: levels and enrichers from <c>Serilog</c> in appsettings.json, the console,
/// rolling compact-JSON files per concern (<c>Logs</c>), and Elasticsearch when <c>Elasticsearch:Url</c> is set.
/// </summary>
internal static class AtraLogging
{
    public const string SystemFile = "atra_system.log";
    public const string ErrorsFile = "atra_errors.log";

    /// <param name="consoleToStdErr">Commands that print results (<c>--json</c>) keep stdout for them.</param>
    public static LoggerConfiguration Configure(
        LoggerConfiguration logger,
        IConfiguration configuration,
        bool consoleToStdErr,
        ElasticsearchSinkStats elasticsearchStats,
        TimeProvider clock)
    {
        // Serilog's own failures (Elasticsearch down, a full disk) go to stderr where an operator sees them.
        SelfLog.Enable(Console.Error);

        logger
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("application", "atra")
            .WriteTo.Console(
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: consoleToStdErr ? LogEventLevel.Verbose : null);

        var logs = configuration.GetSection(LogsOptions.SectionName).Get<LogsOptions>() ?? new LogsOptions();
        logger.WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, SystemFile), rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, shared: true);
        logger.WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, ErrorsFile), restrictedToMinimumLevel: LogEventLevel.Error, rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, shared: true);
        foreach (var (file, sources) in logs.Files)
        {
            var matchers = sources;
            logger.WriteTo.Logger(sub => sub
                .Filter.ByIncludingOnly(e => Matches(e, matchers))
                .WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, file), rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, shared: true));
        }

        var elasticsearch = configuration.GetSection(ElasticsearchOptions.SectionName).Get<ElasticsearchOptions>() ?? new ElasticsearchOptions();
        if (!string.IsNullOrWhiteSpace(elasticsearch.Url))
        {
            logger.WriteTo.Sink(CreateElasticsearchSink(elasticsearch, elasticsearchStats, clock));
        }
        return logger;
    }

    public static ILogEventSink CreateElasticsearchSink(ElasticsearchOptions options, ElasticsearchSinkStats stats, TimeProvider clock, HttpMessageHandler? handler = null)
    {
        var bulk = new ElasticsearchBulkSink(options, stats, clock, handler);
        var batching = LoggerSinkConfiguration.CreateSink(c => c.Sink(bulk, new BatchingOptions
        {
            BatchSizeLimit = options.BatchSize,
            BufferingTimeLimit = options.Period,
            EagerlyEmitFirstEvent = true,
            // The bound is BoundedSink's, which counts what it drops; Serilog's own queue stays unbounded behind it.
            QueueLimit = null,
        }));
        return new BoundedSink(batching, stats, options.BufferLimit);
    }

    /// <summary>True when the event's source context starts with an entry, or its <c>module</c> property equals one.</summary>
    internal static bool Matches(LogEvent e, string[] sources)
    {
        var context = e.Properties.TryGetValue("SourceContext", out var sc) && sc is ScalarValue { Value: string s } ? s : null;
        var module = e.Properties.TryGetValue("module", out var m) && m is ScalarValue { Value: string ms } ? ms : null;
        foreach (var source in sources)
        {
            if ((context is not null && context.StartsWith(source, StringComparison.Ordinal)) || string.Equals(module, source, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
