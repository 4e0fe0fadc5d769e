using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Fakes;

/// <summary>
/// A real database, migrated, for tests of code that stores things: a SQLite file in a temp folder, or a database of
/// its own on the run's PostgreSQL server (copied from a migrated template, which is much faster than migrating).
/// </summary>
public sealed class TestStorage : IDisposable
{
    private static readonly Lazy<string> MigratedTemplate = new(MakeTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly TempFolder _folder = new();

    public TestStorage(bool migrate = true, TimeProvider? clock = null, StorageProvider? engine = null)
    {
        Options = new StorageOptions
        {
            Sqlite = _folder.File("atra.db"),
            BackupFolder = _folder.File("backups"),
            KeepBackups = 3,
        };
        Clock = clock ?? TimeProvider.System;
        Engine = engine ?? TestEngines.Default;
        if (Engine == StorageProvider.Postgres)
        {
            Options.Provider = StorageProvider.Postgres;
            Options.Postgres = PostgresServer.Shared.CreateDatabase(migrate ? MigratedTemplate.Value : null);
            migrate = false;
        }
        Connections = DbConnectionFactories.Create(Options);
        if (migrate)
        {
            Migrations().Run();
        }
    }

    public StorageProvider Engine { get; }

    public StorageOptions Options { get; }

    public TimeProvider Clock { get; }

    public IDbConnectionFactory Connections { get; }

    public string Folder => _folder.Path;

    public MigrationRunner Migrations() =>
        new(Connections, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<MigrationRunner>.Instance);

    public IOptions<StorageOptions> OptionsWrapper => Microsoft.Extensions.Options.Options.Create(Options);

    public void Dispose()
    {
        (Connections as IDisposable)?.Dispose();
        if (Options.Postgres is { } database)
        {
            PostgresServer.Shared.DropDatabase(database);
        }
        _folder.Dispose();
    }

    // A database migrated once per run; CREATE DATABASE ... TEMPLATE copies it (nobody may be connected to it then).
    private static string MakeTemplate()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, Postgres = PostgresServer.Shared.CreateDatabase() };
        using (var connections = (PostgresConnectionFactory)DbConnectionFactories.Create(options))
        {
            new MigrationRunner(connections, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<MigrationRunner>.Instance).Run();
        }
        Npgsql.NpgsqlConnection.ClearAllPools();
        return new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres).Database!;
    }
}
