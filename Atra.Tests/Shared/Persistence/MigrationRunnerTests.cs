using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Atra.Tests.Shared.Persistence;

public class MigrationRunnerTests
{
    private static readonly string[] Tables =
        ["enhanced_signals", "positions", "signal_statistics", "transactions", "user_settings", "users"];

    [Test]
    public void Run_EmptyFolder_CreatesEveryTableWithoutBackup()
    {
        using var storage = new TestStorage(migrate: false, engine: StorageProvider.Sqlite);

        var report = storage.Migrations().Run();

        using var connection = storage.Connections.Open();
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_versions'").ToList();
        Assert.That(tables, Is.SupersetOf(Tables));
        Assert.That(report.Applied, Is.Not.Empty);
        Assert.That(report.BackupPath, Is.Null, "a new database has nothing to back up");
        Assert.That(Directory.Exists(storage.Options.BackupFolder) && Directory.GetFiles(storage.Options.BackupFolder).Length > 0, Is.False);
    }

    [Test]
    public void Run_Twice_SecondRunAppliesNothingAndTakesNoBackup()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);

        var report = storage.Migrations().Run();

        Assert.That(report.Applied, Is.Empty);
        Assert.That(report.BackupPath, Is.Null);
    }

    [Test]
    public void Run_ExistingDatabaseWithPendingScript_BacksUpTheOldStateFirst()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        using (var connection = storage.Connections.Open())
        {
            // Pretend this database predates the positions script and holds a user.
            connection.Execute("DROP TABLE signal_statistics; DROP TABLE transactions; DROP TABLE positions;");
            connection.Execute("DELETE FROM schema_versions WHERE ScriptName = '0200_positions.sql'");
            connection.Execute("INSERT INTO users (username, created_at) VALUES ('kept', 1)");
        }

        var report = storage.Migrations().Run();

        Assert.That(report.Applied, Is.EqualTo(new[] { "0200_positions.sql" }));
        Assert.That(report.BackupPath, Is.Not.Null.And.Matches<string>(File.Exists));
        using var backup = new SqliteConnection($"Data Source={report.BackupPath};Pooling=False");
        backup.Open();
        Assert.Multiple(() =>
        {
            Assert.That(backup.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'positions'"), Is.Zero, "the backup holds the state before the migration");
            Assert.That(backup.ExecuteScalar<string>("SELECT username FROM users"), Is.EqualTo("kept"));
        });
    }

    [Test]
    public void Create_MoreBackupsThanKept_PrunesTheOldest()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var made = Enumerable.Range(0, 5)
            .Select(i => DatabaseBackup.Create(storage.Connections.ConnectionString, storage.Options.BackupFolder, keep: 3, start.AddMinutes(i)))
            .ToList();

        var left = Directory.GetFiles(storage.Options.BackupFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.That(left, Is.EqualTo(made.Skip(2).Select(Path.GetFileName).ToList()));
    }

    [Test]
    public void Run_Always_LeavesWalModeAndForeignKeysOn()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        using var connection = storage.Connections.Open();

        Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        var orphan = Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO user_settings (user_id, setting_key, setting_value) VALUES (424242, 'k', 'v')"));
        Assert.That(orphan!.SqliteErrorCode, Is.EqualTo(19), "SQLITE_CONSTRAINT: the foreign key is enforced");
    }

    [Test]
    public void Money_StoredAsText_ReadsBackExactly()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        using var connection = storage.Connections.Open();
        var deposit = 0.1m + 0.2m + 1234567.000000001m;

        connection.Execute("INSERT INTO users (username, deposit, created_at) VALUES ('exact', @deposit, 1)", new { deposit });

        Assert.Multiple(() =>
        {
            Assert.That(connection.ExecuteScalar<string>("SELECT typeof(deposit) FROM users WHERE username = 'exact'"), Is.EqualTo("text"));
            Assert.That(connection.ExecuteScalar<decimal>("SELECT deposit FROM users WHERE username = 'exact'"), Is.EqualTo(deposit));
        });
    }
}
