using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>Scheduled backups and the backup/restore service behind <c>atra backup</c> and <c>atra restore</c>.</summary>
public static class BackupServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite implementation unless a store registered its own <see cref="IDatabaseBackups"/> first
    /// (the Postgres store's pg_dump one), so the worker and the commands follow the engine.
    /// </summary>
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>()
            .Bind(configuration.GetSection(BackupOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();
        services.TryAddSingleton<IDatabaseBackups, SqliteDatabaseBackups>();
        services.AddHostedService<BackupWorker>();
        return services;
    }
}
