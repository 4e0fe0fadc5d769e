using Atra.Modules.Shared.Persistence;

namespace Atra.Tests.Fakes;

/// <summary>
/// The storage engines a storage-touching test runs on. Fixtures parameterised with
/// <c>[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]</c> run once on SQLite and once on the run's
/// real PostgreSQL server (<see cref="PostgresServer"/>). Hosts that are not parameterised use <see cref="Default"/>:
/// SQLite, or PostgreSQL when <c>ATRA_TEST_STORAGE=Postgres</c> (to run the whole suite on PostgreSQL).
/// </summary>
public static class TestEngines
{
    public const string Variable = "ATRA_TEST_STORAGE";

    public static readonly object[] Both = [StorageProvider.Sqlite, StorageProvider.Postgres];

    public static StorageProvider Default =>
        Enum.TryParse<StorageProvider>(Environment.GetEnvironmentVariable(Variable), ignoreCase: true, out var engine) ? engine : StorageProvider.Sqlite;
}

/// <summary>
/// A host's database on one engine: for SQLite nothing but the file setting (the host makes the file); for PostgreSQL
/// a new empty database on the run's server, dropped on dispose. <see cref="Settings"/> goes into the host's settings.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    // Hosts restarted on the same data folder find the same PostgreSQL database, as they would the same SQLite file.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ByFolder = new(StringComparer.Ordinal);

    private readonly string? _postgres;
    private readonly bool _drop;

    /// <param name="folder">The host's data folder (the SQLite file's, and the key of its PostgreSQL database).</param>
    /// <param name="engine">The engine; <see cref="TestEngines.Default"/> when null.</param>
    /// <param name="reusable">
    /// Keep the PostgreSQL database for a later host on the same folder (a restart) instead of dropping it on dispose;
    /// it goes with the run's server.
    /// </param>
    public TestDatabase(string folder, StorageProvider? engine = null, bool reusable = false)
    {
        Engine = engine ?? TestEngines.Default;
        if (Engine == StorageProvider.Postgres)
        {
            _drop = !reusable;
            _postgres = reusable
                ? ByFolder.GetOrAdd(Path.GetFullPath(folder), _ => PostgresServer.Shared.CreateDatabase())
                : PostgresServer.Shared.CreateDatabase();
            Settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:Postgres"] = _postgres,
                ["Storage:Sqlite"] = Path.Combine(folder, "atra.db"),
            };
        }
        else
        {
            Settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Storage:Sqlite"] = Path.Combine(folder, "atra.db") };
        }
    }

    public StorageProvider Engine { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Options for code that takes <see cref="StorageOptions"/> directly.</summary>
    public void ApplyTo(StorageOptions options)
    {
        options.Provider = Engine;
        options.Postgres = _postgres;
    }

    public void Dispose()
    {
        if (_postgres is not null && _drop)
        {
            PostgresServer.Shared.DropDatabase(_postgres);
        }
    }
}
