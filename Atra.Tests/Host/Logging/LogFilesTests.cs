using Atra.Host.Platform.Logging;
using Atra.Modules.Shared.Logging;
using Atra.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Atra.Tests.Host.Logging;

[NonParallelizable]
public class LogFilesTests
{
    [Test]
    public void Configure_FromSettings_RoutesEventsToTheRightFilesAsCompactJson()
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logs:Folder"] = folder.Path })
            .Build();

        using (var log = AtraLogging.Configure(new LoggerConfiguration(), configuration, command: true, new ElasticsearchSinkStats(), TimeProvider.System).CreateLogger())
        {
            log.ForContext("SourceContext", "Atra.Modules.Signals.ScanWorker").Information("signal for {Symbol}", "ETHUSDT");
            using (AtraLogContext.Push("trading", "position_open", 7, "BTCUSDT"))
            {
                log.ForContext("SourceContext", "Atra.Modules.Telegram.Sender").Information("opened");
            }
            log.ForContext("SourceContext", "Atra.Modules.Auth.Login").Error("login store failed");
        }

        string Read(string prefix) => string.Concat(Directory.GetFiles(folder.Path, prefix + "*").Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(Read("atra_system").Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
            Assert.That(Read("atra_signals"), Does.Contain("ETHUSDT").And.Not.Contain("opened"));
            Assert.That(Read("atra_trading"), Does.Contain("opened").And.Contain("\"user_id\":7").And.Contain("\"symbol\":\"BTCUSDT\""));
            Assert.That(Read("atra_api"), Does.Contain("login store failed"));
            Assert.That(Read("atra_errors"), Does.Contain("login store failed").And.Not.Contain("ETHUSDT"));
            Assert.That(Read("atra_system"), Does.StartWith("{\"@t\":"), "compact JSON");
        });
    }
}
