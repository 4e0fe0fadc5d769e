using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// Checks at start that the storage paths can really be used, so a broken setting stops the start with a
/// message that names the key instead of failing on the first write much later.
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        CheckWritableFolder(failures, "Storage:Sqlite", Path.GetDirectoryName(Path.GetFullPath(options.Sqlite)));
        if (File.Exists(options.Sqlite) && !CanOpenForWrite(options.Sqlite))
        {
            failures.Add($"Storage:Sqlite: the database file '{options.Sqlite}' cannot be opened for writing.");
        }
        if (Directory.Exists(options.Sqlite))
        {
            failures.Add($"Storage:Sqlite: '{options.Sqlite}' is a directory, not a database file.");
        }
        CheckWritableFolder(failures, "Storage:BackupFolder", Path.GetFullPath(options.BackupFolder));
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Storage:BusyTimeout: must be between 00:00:00.001 and 00:05:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckWritableFolder(List<string> failures, string key, string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            failures.Add($"{key}: no folder could be derived from the setting.");
            return;
        }
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".atra-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            failures.Add($"{key}: the folder '{folder}' is not writable ({ex.Message})");
        }
    }

    private static bool CanOpenForWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
