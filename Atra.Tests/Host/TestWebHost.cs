using Atra.Host.Platform;
using Atra.Modules.Shared.Workers;
using Atra.Tests.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Host;

/// <summary>
/// The real web host (AtraHost.BuildWeb, every module) on a free loopback port, so that a browser and Prometheus can
/// reach it over a socket (WebApplicationFactory's TestServer has none). System thresholds are relaxed: this box is
/// shared and often at 100% CPU, which must not decide a test.
/// </summary>
internal sealed class TestWebHost : IAsyncDisposable
{
    private TestWebHost(WebApplication app, HealthTestDatabase database, Uri address)
    {
        App = app;
        Database = database;
        Address = address;
    }

    public WebApplication App { get; }

    public HealthTestDatabase Database { get; }

    public Uri Address { get; }

    public IWorkerHeartbeats Heartbeats => App.Services.GetRequiredService<IWorkerHeartbeats>();

    public static string ReplayCandles => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "MarketData", "candles");

    public static string[] RelaxedSystemThresholds =>
    [
        "--Health:CpuWarningPercent=1000",
        "--Health:LoadPerCoreWarning=1000",
        "--Health:MemoryWarningPercent=100",
        "--Health:MemoryCriticalPercent=100",
        "--Health:DiskFreeWarningPercent=0",
        "--Health:DiskFreeCriticalPercent=0",
    ];

    public static async Task<TestWebHost> StartAsync(IEnumerable<string>? extraArgs = null, Action<WebApplicationBuilder>? customize = null)
    {
        var database = new HealthTestDatabase();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Sqlite={database.Storage.Sqlite}",
            $"--Storage:BackupFolder={database.Storage.BackupFolder}",
            "--Storage:LegacyUsersFile=",
            $"--Logs:Folder={Path.Combine(database.Folder, "logs")}",
            "--Health:ReadyCacheFor=00:00:00",
            // A real replay feed (300 BTC/ETH/SOL 1h candles), so the exchange and worker checks see a live source.
            $"--Market:Replay:Folder={ReplayCandles}",
            .. RelaxedSystemThresholds,
            .. extraArgs ?? [],
        ];
        var app = AtraHost.BuildWeb(args, customize);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestWebHost(app, database, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Database.Dispose();
    }
}
