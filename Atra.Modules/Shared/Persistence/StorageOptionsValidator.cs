using Microsoft.Extensions.Options;
using Npgsql;

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
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Storage:Provider: must be Sqlite or Postgres.");
        }
        else if (options.Provider == StorageProvider.Postgres)
        {
            CheckPostgres(failures, options.Postgres);
        }
        else
        {
            CheckSqlite(failures, options.Sqlite);
        }
        CheckWritableFolder(failures, "Storage:BackupFolder", Path.GetFullPath(options.BackupFolder));
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Storage:BusyTimeout: must be between 00:00:00.001 and 00:05:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSqlite(List<string> failures, string sqlite)
    {
        CheckWritableFolder(failures, "Storage:Sqlite", Path.GetDirectoryName(Path.GetFullPath(sqlite)));
        if (File.Exists(sqlite) && !CanOpenForWrite(sqlite))
        {
            failures.Add($"Storage:Sqlite: the database file '{sqlite}' cannot be opened for writing.");
        }
        if (Directory.Exists(sqlite))
        {
            failures.Add($"Storage:Sqlite: '{sqlite}' is a directory, not a database file.");
        }
    }

    // The connection string holds a password: the messages name the key and the part at fault, never the value.
    private static void CheckPostgres(List<string> failures, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("Storage:Postgres: required when Storage:Provider is Postgres (an Npgsql connection string, e.g. Host=db;Database=atra;Username=atra;Password=...).");
            return;
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            failures.Add("Storage:Postgres: not a valid Npgsql connection string (a key is unknown or a value malformed).");
            return;
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add("Storage:Postgres: names no Host.");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            failures.Add("Storage:Postgres: names no Database.");
        }
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
