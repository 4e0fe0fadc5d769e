using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Persistence.Backups;
using Atra.Tests.Fakes;
using Atra.Tests.Host;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atra.Tests.Shared.Persistence;

/// <summary>
/// Backups that restore (issue 15): an online backup of a database while another connection keeps writing, restored
/// into another place, holds every row committed before it began and none torn; restore checks integrity and schema and
/// refuses under a running service.
/// </summary>
public class DatabaseBackupsTests
{
    private static SqliteDatabaseBackups Backups(StorageOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<SqliteDatabaseBackups>.Instance);

    private static long Count(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task Backup_LiveDatabaseUnderWrites_RestoredElsewhere_HasEveryRowCommittedBeforeIt()
    {
        using var source = new TestStorage(engine: StorageProvider.Sqlite);
        using (var create = source.Connections.Open())
        using (var command = create.CreateCommand())
        {
            command.CommandText = "CREATE TABLE probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, check_sum INTEGER NOT NULL)";
            command.ExecuteNonQuery();
        }
        long committed = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = (SqliteConnection)await source.Connections.OpenAsync();
            for (var id = 1L; !stop.IsCancellationRequested; id++)
            {
                // Two rows' worth of work per transaction: a torn copy would show an odd row or a bad sum.
                await using var tx = await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO probe (id, payload, check_sum) VALUES ($id, $payload, $sum)";
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$payload", new string('x', 200) + id);
                insert.Parameters.AddWithValue("$sum", id * 7);
                await insert.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                Interlocked.Exchange(ref committed, id);
            }
        });
        while (Interlocked.Read(ref committed) < 2000)
        {
            await Task.Delay(10);
        }

        var before = Interlocked.Read(ref committed);
        var backup = await Backups(source.Options).BackupAsync(CancellationToken.None);
        var after = Interlocked.Read(ref committed);
        await stop.CancelAsync();
        await writer;
        Assert.That(after, Is.GreaterThan(before), "the writer kept writing during the backup");

        using var elsewhere = new TempFolder();
        var target = new StorageOptions { Sqlite = elsewhere.File("restored.db"), BackupFolder = elsewhere.File("backups"), KeepBackups = 3 };
        var restore = await Backups(target).RestoreAsync(backup.Path, CancellationToken.None);

        var rows = Count(target.Sqlite, "SELECT count(*) FROM probe");
        Assert.Multiple(() =>
        {
            Assert.That(restore.Restored.PendingMigrations, Is.Empty);
            Assert.That(restore.PreviousSavedTo, Is.Null, "nothing was there to save");
            Assert.That(rows, Is.InRange(before, after), "every row committed before the backup began, none after it ended");
            Assert.That(Count(target.Sqlite, "SELECT max(id) FROM probe"), Is.EqualTo(rows), "no gap: ids 1..n");
            Assert.That(Count(target.Sqlite, "SELECT count(*) FROM probe WHERE check_sum <> id * 7 OR payload <> printf('%.200c', 'x') || id"), Is.Zero);
            Assert.That(Count(target.Sqlite, "SELECT count(*) FROM schema_versions"), Is.EqualTo(Count(source.Options.Sqlite, "SELECT count(*) FROM schema_versions")));
            Assert.That(Count(target.Sqlite, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), Is.EqualTo(1), "restored as the service runs it");
        });
    }

    [Test]
    public async Task Backup_KeepsOnlyKeepBackups_AndTheFileIsSelfContained()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        var backups = Backups(storage.Options);
        BackupResult last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await backups.BackupAsync(CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(storage.Options.BackupFolder, "atra-*.db"), Has.Length.EqualTo(storage.Options.KeepBackups));
            Assert.That(File.Exists(last.Path + "-wal"), Is.False);
            Assert.That(Count(last.Path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'delete'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Restore_ReplacesTheDatabase_AndSavesWhatWasThere()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        Execute(storage.Options.Sqlite, "CREATE TABLE marker (v TEXT); INSERT INTO marker VALUES ('old')");
        var backups = Backups(storage.Options);
        var backup = await backups.BackupAsync(CancellationToken.None);
        Execute(storage.Options.Sqlite, "UPDATE marker SET v = 'new'");

        var restore = await backups.RestoreAsync(backup.Path, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Count(storage.Options.Sqlite, "SELECT count(*) FROM marker WHERE v = 'old'"), Is.EqualTo(1));
            Assert.That(restore.PreviousSavedTo, Is.Not.Null);
            Assert.That(Count(restore.PreviousSavedTo!, "SELECT count(*) FROM marker WHERE v = 'new'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Restore_WhileTheDatabaseIsHeld_Refuses_AndChangesNothing()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        Execute(storage.Options.Sqlite, "CREATE TABLE marker (v TEXT); INSERT INTO marker VALUES ('old')");
        var backups = Backups(storage.Options);
        var backup = await backups.BackupAsync(CancellationToken.None);
        Execute(storage.Options.Sqlite, "UPDATE marker SET v = 'new'");
        using var service = DatabaseInstanceLock.TryAcquireForService(storage.Options.Sqlite);

        var refused = Assert.ThrowsAsync<BackupRefusedException>(() => backups.RestoreAsync(backup.Path, CancellationToken.None));

        Assert.That(refused!.Message, Does.StartWith("a running atra service holds"));
        Assert.That(Count(storage.Options.Sqlite, "SELECT count(*) FROM marker WHERE v = 'new'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Verify_ACorruptFile_IsRefused()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        var backup = await Backups(storage.Options).BackupAsync(CancellationToken.None);
        // Damage a page in the middle (past the header): integrity_check or the open must notice.
        var bytes = await File.ReadAllBytesAsync(backup.Path);
        for (var i = 4096 + 16; i < Math.Min(bytes.Length, 3 * 4096); i++)
        {
            bytes[i] = 0xA5;
        }
        await File.WriteAllBytesAsync(backup.Path, bytes);

        var check = await Backups(storage.Options).VerifyAsync(backup.Path, CancellationToken.None);

        Assert.That(check.Usable, Is.False);
        Assert.That(check.Problem, Does.Contain("integrity").Or.Contain("not a readable SQLite database"));
    }

    [Test]
    public async Task Verify_AFileFromANewerVersion_IsRefused_AnOlderOneHasPendingMigrations()
    {
        using var storage = new TestStorage(engine: StorageProvider.Sqlite);
        var backup = await Backups(storage.Options).BackupAsync(CancellationToken.None);
        var newer = backup.Path + ".newer.db";
        File.Copy(backup.Path, newer);
        Execute(newer, "INSERT INTO schema_versions (ScriptName, Applied) VALUES ('9990_from_the_future.sql', '2027-01-01')");
        var older = backup.Path + ".older.db";
        File.Copy(backup.Path, older);
        Execute(older, "DELETE FROM schema_versions WHERE ScriptName = (SELECT max(ScriptName) FROM schema_versions)");

        var newerCheck = await Backups(storage.Options).VerifyAsync(newer, CancellationToken.None);
        var olderCheck = await Backups(storage.Options).VerifyAsync(older, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(newerCheck.Problem, Does.Contain("newer Atra").And.Contain("9990_from_the_future.sql"));
            Assert.That(olderCheck.Usable, Is.True);
            Assert.That(olderCheck.PendingMigrations, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Verify_NotAnAtraDatabase_IsRefused()
    {
        using var folder = new TempFolder();
        Execute(folder.File("other.db"), "CREATE TABLE t (x)");
        await File.WriteAllTextAsync(folder.File("text.db"), "hello, not a database at all, but long enough to have a header ......................................................");
        var backups = Backups(new StorageOptions { Sqlite = folder.File("atra.db"), BackupFolder = folder.File("b") });

        Assert.Multiple(async () =>
        {
            Assert.That((await backups.VerifyAsync(folder.File("other.db"), CancellationToken.None)).Problem, Does.Contain("no Atra schema"));
            Assert.That((await backups.VerifyAsync(folder.File("text.db"), CancellationToken.None)).Problem, Does.Contain("not a readable SQLite database"));
            Assert.That((await backups.VerifyAsync(folder.File("missing.db"), CancellationToken.None)).Problem, Is.EqualTo("no such file"));
        });
    }

    [Test]
    public async Task Cli_BackupThenRestore_WhileServing_RestoreRefuses_AfterStop_Restores()
    {
        using var folder = new TempFolder();
        string[] settings =
        [
            $"--Storage:Sqlite={folder.File("atra.db")}",
            $"--Storage:BackupFolder={folder.File("backups")}",
            $"--Logs:Folder={folder.File("logs")}",
            "--Storage:LegacyUsersFile=",
            $"--Market:Replay:Folder={TestWebHost.ReplayCandles}",
            "--Telegram:BotToken=",
            .. TestWebHost.RelaxedSystemThresholds,
        ];
        using var service = RunningAtra.Start(folder.Path, ["serve", .. settings]);
        await service.WaitLiveAsync();

        var (backupExit, backupOut, backupErr) = await AtraProcess.RunAsync(folder.Path, ["backup", .. settings]);
        Assert.That(backupExit, Is.Zero, backupErr);
        Assert.That(backupOut, Does.StartWith($"Backed up to {folder.File("backups")}"));
        var file = Directory.GetFiles(folder.File("backups"), "atra-*.db").Single();

        var (refusedExit, _, refusedErr) = await AtraProcess.RunAsync(folder.Path, ["restore", "--from", file, .. settings]);
        Assert.That(refusedExit, Is.EqualTo(1), refusedErr);
        Assert.That(refusedErr.Trim(), Does.StartWith("atra: a running atra service holds").And.Not.Contain("\n"));

        await service.KillAsync();
        var (exit, stdout, stderr) = await AtraProcess.RunAsync(folder.Path, ["restore", "--from", file, .. settings]);
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith($"Restored {file} into {folder.File("atra.db")}: integrity ok; schema current"));
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
