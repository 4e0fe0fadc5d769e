using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.LegacyImport;
using Microsoft.Extensions.Options;

namespace Atra.Host.Platform;

/// <summary>
/// Runs before every other hosted service: applies pending migrations (backup first) and imports the legacy
/// users file when <c>Storage:LegacyUsersFile</c> names one that exists. Workers start on a ready schema.
/// </summary>
internal sealed partial class DatabaseStartup(
    MigrationRunner migrations,
    LegacyUsersImporter importer,
    IOptions<StorageOptions> storage,
    ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var report = migrations.Run();
        if (report.Applied.Count > 0)
        {
            LogMigrated(logger, report.Applied.Count, report.BackupPath ?? "none: a new database");
        }
        var legacy = storage.Value.LegacyUsersFile;
        if (!string.IsNullOrWhiteSpace(legacy) && File.Exists(legacy))
        {
            try
            {
                await importer.ImportAsync(legacy, cancellationToken).ConfigureAwait(false);
            }
            catch (LegacyImportException ex)
            {
                // A broken legacy file must not keep the service down; it stays in place for `atra migrate --import-users`.
                LogLegacyFailed(logger, ex.Message);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} database migrations (backup: {Backup})")]
    private static partial void LogMigrated(ILogger logger, int count, string backup);

    [LoggerMessage(Level = LogLevel.Error, Message = "The legacy users file could not be imported: {Reason}")]
    private static partial void LogLegacyFailed(ILogger logger, string reason);
}
