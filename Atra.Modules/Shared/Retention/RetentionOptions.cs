namespace Atra.Modules.Shared.Retention;

/// <summary>The <c>Retention</c> section: how often rows that only grow are pruned, and how long each kind is kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How often the retention worker runs (its first run is at the start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so no delete holds the write lock for long.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Per policy name (<c>telegram_outbox</c>, <c>refresh_tokens</c> …), how long its rows are kept; others keep their default.</summary>
    public Dictionary<string, TimeSpan> Keep { get; set; } = new(StringComparer.Ordinal);
}
