using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Logging;

/// <summary>Checks the <c>Logs</c> section at start, naming the key.</summary>
internal sealed class LogsOptionsValidator : IValidateOptions<LogsOptions>
{
    public ValidateOptionsResult Validate(string? name, LogsOptions options)
    {
        var f = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            f.Add("Logs:Folder: must name a folder.");
        }
        else
        {
            try
            {
                var folder = Path.GetFullPath(options.Folder);
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, $".atra-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                f.Add($"Logs:Folder: the folder '{options.Folder}' is not writable ({ex.Message})");
            }
        }
        if (options.RetainedFileCountLimit is < 1 or > 10_000)
        {
            f.Add("Logs:RetainedFileCountLimit: must be between 1 and 10000.");
        }
        if (options.FileSizeLimitBytes is < LogsOptions.MinFileSizeLimitBytes or > LogsOptions.MaxFileSizeLimitBytes)
        {
            f.Add($"Logs:FileSizeLimitBytes: must be between {LogsOptions.MinFileSizeLimitBytes} (1 MiB) and {LogsOptions.MaxFileSizeLimitBytes} (100 GiB).");
        }
        foreach (var (file, sources) in options.Files)
        {
            if (string.IsNullOrWhiteSpace(file) || file.IndexOfAny(['/', '\\']) >= 0 || file is AtraLogging.SystemFile or AtraLogging.ErrorsFile)
            {
                f.Add($"Logs:Files:{file}: must be a plain file name other than {AtraLogging.SystemFile} and {AtraLogging.ErrorsFile}.");
            }
            else if (sources is null || sources.Length == 0 || sources.Any(string.IsNullOrWhiteSpace))
            {
                f.Add($"Logs:Files:{file}: must list at least one source (a namespace, a class or a module name), none empty.");
            }
        }
        return f.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(f);
    }
}
