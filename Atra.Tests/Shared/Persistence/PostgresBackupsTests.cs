using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Persistence.Backups;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atra.Tests.Shared.Persistence;

/// <summary>
/// <c>atra backup</c>/<c>atra restore</c> on a PostgreSQL store: pg_dump while another connection keeps writing, the
/// archive checked (whole, and a schema this build knows), restored with pg_restore, refused while others are connected.
/// </summary>
public class PostgresBackupsTests
{
    private static PostgresDatabaseBackups Backups(TestStorage storage, IDbConnectionFactory? connections = null) =>
        new(connections ?? storage.Connections, storage.OptionsWrapper, TimeProvider.System, NullLogger<PostgresDatabaseBackups>.Instance);

    [SetUp]
    public void RequirePgDump()
    {
        RequiredProgram.Find("pg_dump", "postgresql-client");
        RequiredProgram.Find("pg_restore", "postgresql-client");
    }

    [Test]
    public async Task Backup_UnderWrites_ThenRestore_BringsBackEveryRowCommittedBeforeIt_AndNothingTorn()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        using (var connection = storage.Connections.Open())
        {
            connection.Execute("CREATE TABLE probe (id bigint PRIMARY KEY, payload text NOT NULL, check_sum bigint NOT NULL)");
        }
        long committed = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = await storage.Connections.OpenAsync();
            for (var id = 1L; !stop.IsCancellationRequested; id++)
            {
                // Two rows per transaction: a torn snapshot would show an odd count.
                await using var tx = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("INSERT INTO probe VALUES (@Id, @Payload, @Sum), (@Id2, @Payload, @Sum)",
                    new { Id = id * 2, Id2 = (id * 2) + 1, Payload = new string('x', 100), Sum = id * 7 }, tx);
                await tx.CommitAsync();
                Interlocked.Exchange(ref committed, id);
            }
        });
        while (Interlocked.Read(ref committed) < 200)
        {
            await Task.Delay(10);
        }
        var before = Interlocked.Read(ref committed);

        var backup = await Backups(storage).BackupAsync(CancellationToken.None);
        await stop.CancelAsync();
        await writer;
        long written;
        using (var connection = storage.Connections.Open())
        {
            written = connection.ExecuteScalar<long>("SELECT count(*) FROM probe");
        }
        // The writer's pooled sessions end with its data source, as an instance's do when it stops.
        (storage.Connections as IDisposable)?.Dispose();
        using var fresh = (PostgresConnectionFactory)DbConnectionFactories.Create(storage.Options);

        var check = await Backups(storage, fresh).VerifyAsync(backup.Path, CancellationToken.None);
        var restored = await Backups(storage, fresh).RestoreAsync(backup.Path, CancellationToken.None);

        using var after = new Npgsql.NpgsqlConnection(storage.Options.Postgres);
        after.Open();
        var rows = after.ExecuteScalar<long>("SELECT count(*) FROM probe");
        Assert.Multiple(() =>
        {
            Assert.That(backup.Path, Does.EndWith(".dump"));
            Assert.That(check.Usable, Is.True, check.Problem);
            Assert.That(check.PendingMigrations, Is.Empty);
            Assert.That(rows % 2, Is.Zero, "every transaction whole");
            Assert.That(rows, Is.GreaterThanOrEqualTo(before * 2), "every row committed before the dump began");
            Assert.That(rows, Is.LessThan(written), "the writer went on after the snapshot; the restore is the snapshot");
            Assert.That(after.ExecuteScalar<long>("SELECT count(*) FROM schema_versions"), Is.EqualTo(check.AppliedMigrations));
            Assert.That(restored.PreviousSavedTo, Does.Contain("before-restore-").And.Matches<string>(File.Exists));
        });
    }

    [Test]
    public async Task Restore_WhileAnotherSessionIsConnected_IsRefusedAndChangesNothing()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        var backup = await Backups(storage).BackupAsync(CancellationToken.None);
        using var instance = new Npgsql.NpgsqlConnection(storage.Options.Postgres + ";Pooling=false");
        instance.Open();
        instance.Execute("INSERT INTO users (username, created_at) VALUES ('kept', 1)");

        var refused = Assert.ThrowsAsync<BackupRefusedException>(() => Backups(storage).RestoreAsync(backup.Path, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("stop every atra instance first"));
        Assert.That(instance.ExecuteScalar<string>("SELECT username FROM users"), Is.EqualTo("kept"));
    }

    [Test]
    public async Task Verify_NotAnArchive_OrNoAtraSchema_SaysWhy()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        var junk = Path.Combine(storage.Folder, "junk.dump");
        await File.WriteAllTextAsync(junk, "not a dump");
        using var empty = new TestStorage(migrate: false, engine: StorageProvider.Postgres);
        var emptyBackup = await Backups(empty).BackupAsync(CancellationToken.None);

        var notArchive = await Backups(storage).VerifyAsync(junk, CancellationToken.None);
        var noSchema = await Backups(storage).VerifyAsync(emptyBackup.Path, CancellationToken.None);

        Assert.That(notArchive.Problem, Does.StartWith("it is not a readable pg_dump archive"));
        Assert.That(noSchema.Problem, Does.StartWith("it holds no Atra schema"));
    }
}
