using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Fakes;

/// <summary>A real SQLite database in a temp folder, migrated, for tests of code that stores things.</summary>
public sealed class TestStorage : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestStorage(bool migrate = true, TimeProvider? clock = null)
    {
        Options = new StorageOptions
        {
            Sqlite = _folder.File("atra.db"),
            BackupFolder = _folder.File("backups"),
            KeepBackups = 3,
        };
        Clock = clock ?? TimeProvider.System;
        Connections = new SqliteConnectionFactory(Options);
        if (migrate)
        {
            Migrations().Run();
        }
    }

    public StorageOptions Options { get; }

    public TimeProvider Clock { get; }

    public IDbConnectionFactory Connections { get; }

    public string Folder => _folder.Path;

    public MigrationRunner Migrations() =>
        new(Connections, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<MigrationRunner>.Instance);

    public IOptions<StorageOptions> OptionsWrapper => Microsoft.Extensions.Options.Options.Create(Options);

    public void Dispose() => _folder.Dispose();
}
