using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Atra.Tests.Host;

/// <summary>
/// The real host (Program's default <c>serve</c> command) in memory, on a temp data folder. Extra settings
/// go through <see cref="Settings"/> before the first client is created.
/// </summary>
public sealed class AtraHostFactory : WebApplicationFactory<Atra.Host.Program>
{
    private readonly TempFolder _folder = new();
    private readonly TestDatabase _database;

    /// <param name="engine">The storage engine; <see cref="TestEngines.Default"/> when null.</param>
    public AtraHostFactory(StorageProvider? engine = null)
    {
        _database = new TestDatabase(_folder.Path, engine);
        foreach (var (key, value) in _database.Settings)
        {
            Settings[key] = value;
        }
        Settings["Storage:BackupFolder"] = Path.Combine(_folder.Path, "backups");
        Settings["Storage:LegacyUsersFile"] = Path.Combine(_folder.Path, "users.json");
        Settings["Logs:Folder"] = Path.Combine(_folder.Path, "logs");
        Settings["Market:Replay:Folder"] = TestWebHost.ReplayCandles;
        // These hosts replay candles to a fake Bot API on purpose; a real `atra serve` refuses that unless told.
        Settings["Market:AllowReplayWithBot"] = "true";
    }

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    public string DataFolder => _folder.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
            _folder.Dispose();
        }
    }
}
