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

    /// <param name="command">
    /// A one-shot command (<c>atra migrate</c>, <c>atra health</c> …) rather than the service: its console shows only
    /// warnings, one line each, on stderr. Its stdout is for results (<c>--json</c>), and a failure is told once, by the
    /// command's own <c>atra: …</c> line (CliRunner), instead of through every error event and stack trace on its way;
    /// the files still get everything.
    /// </param>
    public static LoggerConfiguration Configure(
        LoggerConfiguration logger,
        IConfiguration configuration,
        bool command,
        ElasticsearchSinkStats elasticsearchStats,
        TimeProvider clock)
    {
        // Serilog's own failures (Elasticsearch down, a full disk) go to stderr where an operator sees them.
        SelfLog.Enable(Console.Error);

        logger
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("application", "atra");
        if (command)
        {
            logger.WriteTo.Logger(warnings => warnings
                .Filter.ByIncludingOnly(e => e.Level == LogEventLevel.Warning)
                .WriteTo.Console(
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    outputTemplate: "atra: warning: {Message:lj}{NewLine}",
                    standardErrorFromLevel: LogEventLevel.Verbose));
        }
        else
        {
            logger.WriteTo.Console(
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        }

        var logs = configuration.GetSection(LogsOptions.SectionName).Get<LogsOptions>() ?? new LogsOptions();
        // Checked here, before any sink exists: Serilog would otherwise fail with its own words (or write nowhere)
        // before the host's start-time validation could name the key.
        ThrowIfInvalid(LogsOptions.SectionName, new LogsOptionsValidator().Validate(null, logs));
        logger.WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, SystemFile), rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, fileSizeLimitBytes: logs.FileSizeLimitBytes, rollOnFileSizeLimit: true, shared: true);
        logger.WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, ErrorsFile), restrictedToMinimumLevel: LogEventLevel.Error, rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, fileSizeLimitBytes: logs.FileSizeLimitBytes, rollOnFileSizeLimit: true, shared: true);
        foreach (var (file, sources) in logs.Files)
        {
            var matchers = sources;
            logger.WriteTo.Logger(sub => sub
                .Filter.ByIncludingOnly(e => Matches(e, matchers))
                .WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs.Folder, file), rollingInterval: RollingInterval.Day, retainedFileCountLimit: logs.RetainedFileCountLimit, fileSizeLimitBytes: logs.FileSizeLimitBytes, rollOnFileSizeLimit: true, shared: true));
        }

        var elasticsearch = configuration.GetSection(ElasticsearchOptions.SectionName).Get<ElasticsearchOptions>() ?? new ElasticsearchOptions();
        ThrowIfInvalid(ElasticsearchOptions.SectionName, new ElasticsearchOptionsValidator().Validate(null, elasticsearch));
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

    private static void ThrowIfInvalid(string section, Microsoft.Extensions.Options.ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(object), result.Failures);
        }
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
