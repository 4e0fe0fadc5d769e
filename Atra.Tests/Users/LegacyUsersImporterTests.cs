using System.Text.Json;
using Atra.Modules.Users.LegacyImport;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atra.Tests.Users;

public class LegacyUsersImporterTests
{
    // The fixture holds 3,018 records of the old bot's file; 17 of them are broken in the ways the old data was.
    private const int Records = 3018;
    private const int Broken = 17;

    private static string Fixture => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Users", "legacy-users.json");

    private static LegacyUsersImporter Importer(TestStorage storage) =>
        new(storage.Connections, storage.OptionsWrapper, storage.Clock, NullLogger<LegacyUsersImporter>.Instance);

    private static string CopyFixture(TestStorage storage, string name = "users.json")
    {
        var path = Path.Combine(storage.Folder, name);
        File.Copy(Fixture, path);
        return path;
    }

    [Test]
    public async Task ImportAsync_RealisticFile_ImportsEveryValidRecordAndReportsEachBrokenOne()
    {
        using var storage = new TestStorage();
        var file = CopyFixture(storage);

        var report = await Importer(storage).ImportAsync(file);

        Assert.Multiple(() =>
        {
            Assert.That(report.Imported, Is.EqualTo(Records - Broken));
            Assert.That(report.Rejected, Has.Count.EqualTo(Broken));
            Assert.That(report.AlreadyPresent, Is.Empty);
            Assert.That(report.Rejected.Select(r => r.Key), Does.Contain("abc123").And.Contain("-5"));
            Assert.That(report.Rejected.Single(r => r.Key == "900000000001").Reason, Does.StartWith("leverage:"));
            Assert.That(report.Rejected.Single(r => r.Key == "900000000002").Reason, Does.StartWith("language:"));
            Assert.That(report.Rejected.Single(r => r.Key == "900000000004").Reason, Does.StartWith("deposit:"), "'12,5' is not read as 125");
            Assert.That(report.Rejected.Single(r => r.Key == "900000000014").Reason, Does.Contain("ivan_petrov1").IgnoreCase);
        });
        using var connection = storage.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM users"), Is.EqualTo(Records - Broken));
    }

    [Test]
    public async Task ImportAsync_Success_RenamesFileKeepsRejectedRecordsAndBacksUp()
    {
        using var storage = new TestStorage();
        var file = CopyFixture(storage);

        var report = await Importer(storage).ImportAsync(file);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(file), Is.False);
            Assert.That(report.MigratedPath, Is.EqualTo(file + ".migrated").And.Matches<string>(File.Exists));
            Assert.That(report.BackupPath, Is.Not.Null.And.Matches<string>(File.Exists));
        });
        using var rejected = JsonDocument.Parse(File.ReadAllText(report.RejectedPath!));
        var kept = rejected.RootElement.GetProperty("900000000000");
        Assert.That(kept.GetProperty("reason").GetString(), Does.StartWith("deposit:"));
        Assert.That(kept.GetProperty("record").GetProperty("username").GetString(), Is.EqualTo("neg_deposit"), "the broken record itself is kept, not just its key");
    }

    [Test]
    public async Task ImportAsync_RunAgainOnTheSameRecords_ImportsNothingTwice()
    {
        using var storage = new TestStorage();
        await Importer(storage).ImportAsync(CopyFixture(storage, "first.json"));

        var second = await Importer(storage).ImportAsync(CopyFixture(storage, "second.json"));

        Assert.That(second.Imported, Is.Zero);
        Assert.That(second.AlreadyPresent, Has.Count.EqualTo(Records - Broken));
        using var connection = storage.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM users"), Is.EqualTo(Records - Broken));
    }

    [Test]
    public async Task ImportAsync_ValidRecord_KeepsEverySettingExactly()
    {
        using var storage = new TestStorage();
        var file = Path.Combine(storage.Folder, "one.json");
        await File.WriteAllTextAsync(file, """
            {"123456789": {"username": "@ivan", "language": "RU", "deposit": 1000.10, "leverage": 5,
              "risk_tolerance": "medium", "filter_mode": "strict", "trade_mode": "futures", "is_admin": true,
              "settings": {"notify_tp": true, "timezone": "Europe/Moscow", "max_signals": 3}}}
            """);

        await Importer(storage).ImportAsync(file);

        using var connection = storage.Connections.Open();
        var user = connection.QuerySingle("SELECT * FROM users WHERE user_id = 123456789");
        var settings = connection.Query<(string Key, string Value)>(
            "SELECT setting_key, setting_value FROM user_settings ORDER BY setting_key").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string)user.username, Is.EqualTo("ivan"));
            Assert.That((string)user.language, Is.EqualTo("ru"));
            Assert.That((string)user.deposit, Is.EqualTo("1000.10"));
            Assert.That((long)user.leverage, Is.EqualTo(5));
            Assert.That((string)user.filter_mode, Is.EqualTo("strict"));
            Assert.That((long)user.is_admin, Is.EqualTo(1));
            Assert.That(settings, Is.EqualTo(new[] { ("max_signals", "3"), ("notify_tp", "true"), ("timezone", "Europe/Moscow") }));
        });
    }

    [Test]
    public void ImportAsync_NotJson_ThrowsNamingFileAndLineAndImportsNothing()
    {
        using var storage = new TestStorage();
        var file = Path.Combine(storage.Folder, "broken.json");
        File.WriteAllText(file, "{\n  \"1\": {\"username\": \"a\"},\n  \"2\": {\"username\": \n}");

        var error = Assert.ThrowsAsync<LegacyImportException>(() => Importer(storage).ImportAsync(file));

        Assert.That(error!.Message, Does.StartWith(file + ":4:"));
        Assert.That(File.Exists(file), Is.True, "a file that could not be read stays where it is");
        using var connection = storage.Connections.Open();
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM users"), Is.Zero);
    }

    [Test]
    public void ImportAsync_MissingFile_ThrowsNamingTheFile()
    {
        using var storage = new TestStorage();

        var error = Assert.ThrowsAsync<LegacyImportException>(() => Importer(storage).ImportAsync("/nonexistent/users.json"));

        Assert.That(error!.Message, Does.Contain("/nonexistent/users.json"));
    }
}
