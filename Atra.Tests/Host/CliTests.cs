using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

/// <summary>The `atra` command line, run in-process through Program.Main with captured output.</summary>
[NonParallelizable]
public class CliTests
{
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await Atra.Host.Program.Main(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private static string[] Storage(TempFolder folder) =>
    [
        $"--Storage:Sqlite={folder.File("atra.db")}",
        $"--Storage:BackupFolder={folder.File("backups")}",
        $"--Logs:Folder={folder.File("logs")}",
    ];

    [Test]
    public async Task Main_UnknownCommand_PrintsOneLineAndExits1()
    {
        var (exit, _, err) = await RunAsync("frobnicate");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("frobnicate"));
    }

    [Test]
    public async Task Migrate_MissingOptionValue_PrintsOneLineAndExits1()
    {
        var (exit, _, err) = await RunAsync("migrate", "--import-users");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Migrate_EmptyFolder_CreatesTheSchemaAndExits0()
    {
        using var folder = new TempFolder();

        var (exit, output, err) = await RunAsync(["migrate", .. Storage(folder)]);

        Assert.That(exit, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("Applied"));
        Assert.That(File.Exists(folder.File("atra.db")), Is.True);
    }

    [Test]
    public async Task Migrate_UnwritableStorage_NamesTheKeyAndExits1()
    {
        var (exit, _, err) = await RunAsync("migrate", "--Storage:Sqlite=/proc/atra-nowhere/atra.db");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err, Does.Contain("Storage:Sqlite"));
    }

    [Test]
    public async Task Serve_UnwritableStorage_StopsTheStartNamingTheKeyAndExits1()
    {
        using var folder = new TempFolder();

        var (exit, _, err) = await RunAsync("serve", "--urls", "http://127.0.0.1:0", "--Storage:Sqlite=/proc/atra-nowhere/atra.db", $"--Logs:Folder={folder.File("logs")}");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("Storage:Sqlite"));
    }

    [Test]
    public async Task Serve_TrustedProxyNotAnAddress_StopsTheStartNamingTheKeyAndExits1()
    {
        using var folder = new TempFolder();

        var (exit, _, err) = await RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--Http:TrustedProxies:0=caddy", .. Storage(folder)]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("Http:TrustedProxies:0: 'caddy' is not an IP address or network"));
    }

    [Test]
    public async Task MigrateImportUsers_FileWithBrokenRecords_ImportsTheRestReportsEachAndExits1()
    {
        using var folder = new TempFolder();
        var file = folder.File("users.json");
        await File.WriteAllTextAsync(file, """{"1": {"username": "a", "deposit": 10}, "2": {"username": "b", "leverage": 999}}""");

        var (exit, output, err) = await RunAsync(["migrate", "--import-users", file, .. Storage(folder)]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Imported 1 users"));
        Assert.That(err, Does.Contain("user 2: leverage:"));
        Assert.That(File.Exists(file + ".migrated"), Is.True);
    }

    [Test]
    public async Task MigrateImportUsers_NotJson_NamesFileAndLineAndExits1()
    {
        using var folder = new TempFolder();
        var file = folder.File("users.json");
        await File.WriteAllTextAsync(file, "{\n\"1\": oops}");

        var (exit, _, err) = await RunAsync(["migrate", "--import-users", file, .. Storage(folder)]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err, Does.Contain(file + ":2:"));
    }
}
