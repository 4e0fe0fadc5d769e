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

    public AtraHostFactory()
    {
        Settings["Storage:Sqlite"] = Path.Combine(_folder.Path, "atra.db");
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
            _folder.Dispose();
        }
    }
}
