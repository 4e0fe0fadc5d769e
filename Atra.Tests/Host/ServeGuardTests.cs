using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

/// <summary>
/// Safe defaults of <c>atra serve</c> (issue 15), as real processes: a second service on the same SQLite file and a
/// replay with a real bot token refuse with one line; the instance lock goes with a killed process.
/// </summary>
public class ServeGuardTests
{
    private static string[] Settings(TempFolder folder) =>
    [
        $"--Storage:Sqlite={folder.File("atra.db")}",
        $"--Storage:BackupFolder={folder.File("backups")}",
        $"--Logs:Folder={folder.File("logs")}",
        "--Storage:LegacyUsersFile=",
        $"--Market:Replay:Folder={TestWebHost.ReplayCandles}",
        "--Telegram:BotToken=",
        .. TestWebHost.RelaxedSystemThresholds,
    ];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public async Task Serve_SecondOnTheSameSqliteFile_RefusesWithOneLine_AndTheLockGoesWithAKilledProcess()
    {
        using var folder = new TempFolder();
        using var first = RunningAtra.Start(folder.Path, ["serve", .. Settings(folder)]);
        await first.WaitLiveAsync();

        var (exit, stdout, stderr) = await AtraProcess.RunAsync(folder.Path, ["serve", .. Settings(folder), "--urls=http://127.0.0.1:0"]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2), stderr);
            Assert.That(Lines(stderr), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith($"atra: another atra process is already serving {folder.File("atra.db")}"));
            Assert.That(stdout, Is.Empty);
        });

        await first.KillAsync();
        using var after = DatabaseInstanceLock.TryAcquireExclusive(folder.File("atra.db"));
        Assert.That(after, Is.Not.Null, "kill -9 left the lock held");
    }

    [Test]
    public async Task Serve_OnADifferentSqliteFile_RunsBesideTheFirst()
    {
        using var folder = new TempFolder();
        using var other = new TempFolder();
        using var first = RunningAtra.Start(folder.Path, ["serve", .. Settings(folder)]);
        await first.WaitLiveAsync();

        using var second = RunningAtra.Start(other.Path, ["serve", .. Settings(other)]);
        await second.WaitLiveAsync();
    }

    [Test]
    public async Task Serve_ReplayWithABotToken_Refuses_Exit1()
    {
        using var folder = new TempFolder();

        var (exit, _, stderr) = await AtraProcess.RunAsync(folder.Path,
            ["serve", .. Settings(folder), "--Market:Source=Replay", "--Telegram:BotToken=123:abc", "--urls=http://127.0.0.1:0"]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(Lines(stderr), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("atra: Market:Source is Replay and Telegram:BotToken is set").And.Contain("Market:AllowReplayWithBot"));
            Assert.That(stderr, Does.Not.Contain("123:abc"), "the token is a secret");
        });
        Assert.That(File.Exists(folder.File("atra.db")), Is.False, "refused before touching the database");
    }

    [Test]
    public async Task Serve_ReplayWithABotTokenAndAllowReplayWithBot_Starts()
    {
        using var folder = new TempFolder();
        // A dead Bot API address: the bot's polling fails and retries; the service is up regardless.
        using var atra = RunningAtra.Start(folder.Path,
            ["serve", .. Settings(folder), "--Telegram:BotToken=123:abc", "--Telegram:BaseUrl=http://127.0.0.1:1", "--Market:AllowReplayWithBot=true"]);

        await atra.WaitLiveAsync();
    }

    [Test]
    public void InstanceLock_HostsOfOneProcessShareIt_ARestoreWaitsForAllOfThemToLetGo()
    {
        using var folder = new TempFolder();
        var database = folder.File("atra.db");
        var first = DatabaseInstanceLock.TryAcquireForService(database);
        var second = DatabaseInstanceLock.TryAcquireForService(database);
        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Not.Null, "in-memory test hosts of one process share the file");
        Assert.That(DatabaseInstanceLock.TryAcquireExclusive(database), Is.Null);

        first!.Dispose();
        Assert.That(DatabaseInstanceLock.TryAcquireExclusive(database), Is.Null, "one host still holds it");
        second!.Dispose();

        using var restore = DatabaseInstanceLock.TryAcquireExclusive(database);
        Assert.That(restore, Is.Not.Null);
        Assert.That(DatabaseInstanceLock.TryAcquireForService(database), Is.Null, "no service starts during a restore");
    }
}
