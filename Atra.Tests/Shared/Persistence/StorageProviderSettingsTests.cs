using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Dapper;

namespace Atra.Tests.Shared.Persistence;

/// <summary><c>Storage:Provider</c> and <c>Storage:Postgres</c>: checked at start naming the key, never echoing the secret.</summary>
public class StorageProviderSettingsTests
{
    private static IEnumerable<string> Failures(StorageOptions options) =>
        new StorageOptionsValidator().Validate(null, options).Failures ?? [];

    [Test]
    public void Defaults_AreSqlite_AndValid()
    {
        using var folder = new TempFolder();
        var options = new StorageOptions { Sqlite = folder.File("atra.db"), BackupFolder = folder.File("backups") };

        Assert.That(options.Provider, Is.EqualTo(StorageProvider.Sqlite));
        Assert.That(Failures(options), Is.Empty);
    }

    [TestCase(null, "Storage:Postgres: required when Storage:Provider is Postgres")]
    [TestCase("   ", "Storage:Postgres: required when Storage:Provider is Postgres")]
    [TestCase("Host=db;Databse=atra;Password=s3cret-value", "Storage:Postgres: not a valid Npgsql connection string")]
    [TestCase("Database=atra;Password=s3cret-value", "Storage:Postgres: names no Host")]
    [TestCase("Host=db;Password=s3cret-value", "Storage:Postgres: names no Database")]
    public void Postgres_MissingOrBroken_FailsNamingTheKeyWithoutTheValue(string? connectionString, string expected)
    {
        using var folder = new TempFolder();
        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            Postgres = connectionString,
            BackupFolder = folder.File("backups"),
        };

        var failures = Failures(options).ToList();

        Assert.That(failures, Has.Some.StartsWith(expected));
        Assert.That(string.Join('\n', failures), Does.Not.Contain("s3cret-value"));
    }

    [Test]
    public void Postgres_ValidConnectionString_IgnoresTheSqlitePath()
    {
        using var folder = new TempFolder();
        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            Postgres = "Host=db;Database=atra;Username=atra;Password=x",
            // Unusable as a SQLite file, and irrelevant with PostgreSQL.
            Sqlite = folder.Path,
            BackupFolder = folder.File("backups"),
        };

        Assert.That(Failures(options), Is.Empty);
    }

    [Test]
    public void Provider_Undefined_FailsNamingTheKey()
    {
        using var folder = new TempFolder();
        var options = new StorageOptions { Provider = (StorageProvider)7, BackupFolder = folder.File("backups") };

        Assert.That(Failures(options), Has.Some.StartsWith("Storage:Provider:"));
    }

    [Test]
    public async Task Postgres_BusyTimeout_BecomesTheSessionsLockTimeout()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        storage.Options.BusyTimeout = TimeSpan.FromMilliseconds(1234);
        using var connections = (PostgresConnectionFactory)DbConnectionFactories.Create(storage.Options);

        await using var connection = await connections.OpenAsync();

        Assert.That(await connection.ExecuteScalarAsync<string>("SHOW lock_timeout"), Is.EqualTo("1234ms"));
    }
}
