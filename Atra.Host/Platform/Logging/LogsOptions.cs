namespace Atra.Host.Platform.Logging;

/// <summary>Bound from the <c>Logs</c> section: where the rolling files go and which events each file receives.</summary>
public sealed class LogsOptions
{
    public const string SectionName = "Logs";

    public string Folder { get; set; } = "logs";

    /// <summary>Files kept per log (the oldest deleted); a file rolls each day and whenever it reaches <see cref="FileSizeLimitBytes"/>.</summary>
    public int RetainedFileCountLimit { get; set; } = 14;

    public const long MinFileSizeLimitBytes = 1024 * 1024;
    public const long MaxFileSizeLimitBytes = 100L * 1024 * 1024 * 1024;

    /// <summary>A file that reaches this size is closed and the next one begins (<c>_001</c>, <c>_002</c> …), also within a day.</summary>
    public long FileSizeLimitBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// File name to the sources it receives: an entry matches a log event whose source context starts with it
    /// (a namespace or class) or whose <c>module</c> log-context property equals it (<c>trading</c>).
    /// <c>atra_system.log</c> (everything) and <c>atra_errors.log</c> (errors) always exist.
    /// </summary>
    public Dictionary<string, string[]> Files { get; set; } = new(StringComparer.Ordinal);
}
