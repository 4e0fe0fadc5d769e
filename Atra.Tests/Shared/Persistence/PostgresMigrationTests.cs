using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atra.Tests.Shared.Persistence;

/// <summary>Every module's schema on PostgreSQL: the twins of the SQLite scripts, migrated like them.</summary>
public class PostgresMigrationTests
{
    private static readonly string[] Tables =
        ["enhanced_signals", "positions", "signal_statistics", "transactions", "user_settings", "users", "telegram_outbox", "refresh_tokens"];

    [Test]
    public void Scripts_EverySqliteScript_HasAPostgresTwinOfTheSameName()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var sqlite = MigrationScripts.Load(assembly, StorageProvider.Sqlite).Select(s => s.Name).ToList();
        var postgres = MigrationScripts.Load(assembly, StorageProvider.Postgres).Select(s => s.Name).ToList();

        // One journal step per name on both engines; a script added for one engine only fails here.
        Assert.That(postgres, Is.EqualTo(sqlite));
        Assert.That(sqlite, Is.Not.Empty);
    }

    [Test]
    public void Run_EmptyDatabase_CreatesEveryTable_AndASecondRunAppliesNothing()
    {
        using var storage = new TestStorage(migrate: false, engine: StorageProvider.Postgres);

        var first = storage.Migrations().Run();
        var second = storage.Migrations().Run();

        using var connection = storage.Connections.Open();
        var tables = connection.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(tables, Is.SupersetOf(Tables));
            Assert.That(first.Applied, Is.EqualTo(MigrationScripts.Load(typeof(MigrationRunner).Assembly, StorageProvider.Postgres).Select(s => s.Name).ToList()));
            Assert.That(second.Applied, Is.Empty);
            Assert.That(first.BackupPath, Is.Null, "a server is backed up by its operator, not copied by Atra");
        });
    }

    [Test]
    public async Task Run_ThreeInstancesAtOnce_MigrateOnceWithoutErrors()
    {
        using var storage = new TestStorage(migrate: false, engine: StorageProvider.Postgres);

        // Three instances starting together: the advisory lock lets one migrate; the others then find nothing to do.
        var runs = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            using var connections = DbConnectionFactories.Create(storage.Options) as PostgresConnectionFactory;
            return new MigrationRunner(connections!, storage.OptionsWrapper, TimeProvider.System, NullLogger<MigrationRunner>.Instance).Run();
        })).ToList();
        var reports = await Task.WhenAll(runs);

        Assert.That(reports.Count(r => r.Applied.Count > 0), Is.EqualTo(1));
        using var connection = storage.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM schema_versions"), Is.EqualTo(reports.Max(r => r.Applied.Count)));
    }

    [Test]
    public void Schema_MoneyColumns_AreTextAndTimesBigint_AsOnSqlite()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        using var connection = storage.Connections.Open();
        var deposit = 0.1m + 0.2m + 1234567.000000001m;

        connection.Execute("INSERT INTO users (username, deposit, created_at) VALUES ('exact', @Deposit, @At)",
            new { Deposit = deposit.ToString(System.Globalization.CultureInfo.InvariantCulture), At = 1_800_000_000_000L });

        var types = connection.Query<(string Column, string Type)>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name IN ('deposit', 'created_at', 'id')")
            .ToDictionary(c => c.Column, c => c.Type);
        Assert.Multiple(() =>
        {
            Assert.That(types["deposit"], Is.EqualTo("text"));
            Assert.That(types["created_at"], Is.EqualTo("bigint"));
            Assert.That(types["id"], Is.EqualTo("bigint"));
            Assert.That(connection.ExecuteScalar<string>("SELECT deposit FROM users WHERE username = 'exact'"), Is.EqualTo("1234567.300000001"));
        });
    }

    [Test]
    public void Usernames_DifferingOnlyInCase_AreOneLogin_AsOnSqlite()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        using var connection = storage.Connections.Open();
        connection.Execute("INSERT INTO users (username, created_at) VALUES ('Alice', 1)");

        var duplicate = Assert.Throws<PostgresException>(() => connection.Execute("INSERT INTO users (username, created_at) VALUES ('ALICE', 2)"));

        Assert.That(duplicate!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        var sql = $"SELECT count(*) FROM users WHERE {storage.Connections.Dialect.EqualsIgnoreCase("username", "@Name")}";
        Assert.That(connection.ExecuteScalar<long>(sql, new { Name = "aLiCe" }), Is.EqualTo(1));
    }

    [Test]
    public void Run_OnAnUnreachableServer_FailsNamingNoPassword()
    {
        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            Postgres = "Host=127.0.0.1;Port=1;Database=atra;Username=atra;Password=hunter2-secret;Timeout=2",
        };
        using var connections = (PostgresConnectionFactory)DbConnectionFactories.Create(options);
        var runner = new MigrationRunner(connections, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<MigrationRunner>.Instance);

        var error = Assert.Catch(() => runner.Run());

        Assert.That(error, Is.InstanceOf<NpgsqlException>());
        Assert.That(error!.ToString(), Does.Not.Contain("hunter2-secret"));
    }
}
