using Atra.Host.Cli;
using Atra.Host.Platform;
using Atra.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atra.Tests.Host;

/// <summary>
/// Runtime failures of the command line (INTERFACES.md: one line on stderr, exit 2), run as real processes: an
/// unhandled exception would show here as a stack trace and exit 134 (SIGABRT), which an in-process run cannot see.
/// </summary>
public class CliFailureTests
{
    private static string[] Storage(TempFolder folder) =>
    [
        $"--Storage:Sqlite={folder.File("atra.db")}",
        $"--Storage:BackupFolder={folder.File("backups")}",
        $"--Logs:Folder={folder.File("logs")}",
        "--Storage:BusyTimeout=00:00:01",
    ];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public async Task Migrate_AScriptFails_OneLineNamingTheScriptAndTheBackup_Exit2()
    {
        using var folder = new TempFolder();
        // A table in the way of the first migration (what a hand-made or foreign database holds).
        using (var connection = new SqliteConnection($"Data Source={folder.File("atra.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE users (x INTEGER)";
            command.ExecuteNonQuery();
        }

        var (exit, stdout, stderr) = await AtraProcess.RunAsync(folder.Path, ["migrate", .. Storage(folder)]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2), stderr);
            Assert.That(Lines(stderr), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("atra: Migration 0010_users.sql failed: ").And.Contain("table users already exists").And.Contain("backups"));
            Assert.That(stdout, Is.Empty);
        });
        // The detail an operator needs is in the error log.
        var errors = Directory.GetFiles(folder.File("logs"), "atra_errors*.log").Single();
        Assert.That(await File.ReadAllTextAsync(errors), Does.Contain("SqliteException"));
    }

    [Test]
    public async Task Migrate_DatabaseLockedByAnotherProcess_OneLineSayingSo_Exit2()
    {
        using var folder = new TempFolder();
        using var holder = new SqliteConnection($"Data Source={folder.File("atra.db")};Pooling=False");
        holder.Open();
        using (var create = holder.CreateCommand())
        {
            create.CommandText = "CREATE TABLE held (x INTEGER); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);";
            create.ExecuteNonQuery();
        }

        var (exit, _, stderr) = await AtraProcess.RunAsync(folder.Path, ["migrate", .. Storage(folder)]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2), stderr);
            Assert.That(Lines(stderr), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("atra: the database is locked by another process"));
        });
    }

    [Test]
    public async Task Serve_AWorkerFails_TheServiceStopsWithARuntimeFailure()
    {
        using var folder = new TempFolder();
        await using var app = AtraHost.BuildWeb(
            ["--urls=http://127.0.0.1:0", .. Storage(folder), "--Storage:LegacyUsersFile=", $"--Market:Replay:Folder={TestWebHost.ReplayCandles}"],
            builder => builder.Services.AddHostedService<FailingWorker>());

        var failure = Assert.ThrowsAsync<RuntimeFailureException>(() => ServiceRunner.RunAsync(app));

        Assert.That(failure!.Message, Is.EqualTo("the service stopped because FailingWorker failed: the disk is gone"));
        Assert.That(CliRunner.Describe(failure), Is.EqualTo(failure.Message));
    }

    [Test]
    public async Task Serve_StoppedOnPurpose_Exits0()
    {
        using var folder = new TempFolder();
        await using var app = AtraHost.BuildWeb(["--urls=http://127.0.0.1:0", .. Storage(folder), "--Storage:LegacyUsersFile=", $"--Market:Replay:Folder={TestWebHost.ReplayCandles}"]);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(lifetime.StopApplication);

        Assert.That(await ServiceRunner.RunAsync(app), Is.EqualTo(CliRunner.Ok));
    }

    [TestCase("line one\r\nline two\tand  more", "line one line two and more")]
    public void OneLine_FoldsLineBreaksAndRuns(string text, string expected) => Assert.That(CliRunner.OneLine(text), Is.EqualTo(expected));

    private sealed class FailingWorker : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("the disk\nis gone");
        }
    }
}
