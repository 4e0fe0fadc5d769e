namespace Atra.Host.Platform.Logging;

/// <summary>Bound from the <c>Elasticsearch</c> section. An empty <see cref="Url"/> turns the sink off.</summary>
public sealed class ElasticsearchOptions
{
    public const string SectionName = "Elasticsearch";

    public string? Url { get; set; }

    /// <summary>Daily indices <c>{IndexPrefix}-YYYY.MM.dd</c>; Kibana's index pattern is <c>atra-logs-*</c>.</summary>
    public string IndexPrefix { get; set; } = "atra-logs";

    /// <summary>Optional basic-auth credentials (from the environment, never from the committed file).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public int BatchSize { get; set; } = 500;

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Events waiting to be shipped at most; beyond it new events are dropped and counted, never blocking.</summary>
    public int BufferLimit { get; set; } = 10_000;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a failing batch is retried (with Serilog's backoff) before it is dropped.</summary>
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Days a daily log index is kept: the ILM policy installed at start deletes <c>{IndexPrefix}-*</c> indices this long after creation.</summary>
    public int RetentionDays { get; set; } = 30;
}
