namespace Atra.Host.Platform.Logging;

/// <summary>Bound from the <c>Logs</c> section: where the rolling files go and which events each file receives.</summary>
public sealed class LogsOptions
{
    public const string SectionName = "Logs";

    public string Folder { get; set; } = "logs";

    public int RetainedFileCountLimit { get; set; } = 14;

    /// <summary>
    /// File name to the sources it receives: an entry matches a log event whose source context starts with it
    /// (a namespace or class) or whose <c>module</c> log-context property equals it (<c>trading</c>).
    /// <c>atra_system.log</c> (everything) and <c>atra_errors.log</c> (errors) always exist.
    /// </summary>
    public Dictionary<string, string[]> Files { get; set; } = new(StringComparer.Ordinal);
}
