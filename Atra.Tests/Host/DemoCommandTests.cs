using Atra.Modules.MarketData.Replay;
using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

[NonParallelizable]
public class DemoCommandTests
{
    [Test]
    public async Task Demo_BadSpeed_OneLineAndExit1()
    {
        var (exit, _, err) = await CliTests.RunAsync("demo", "--speed", "0");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("--speed"));
    }

    // `dotnet run --project Atra.Host` starts in the project folder, a container in /app: the default replay folder
    // must be found beside the program (atra.dll sits beside the tests), not only in the repository root.
    [Test]
    public void DefaultReplayFolder_FromAnotherWorkingDirectory_IsTheSamplesBesideTheProgram()
    {
        using var elsewhere = new TempFolder();
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = elsewhere.Path;
        try
        {
            var folder = ReplayCandleSource.ResolveFolder("samples");
            var files = Directory.GetFiles(folder, "*-1h.csv").Select(Path.GetFileName).ToList();
            Assert.That(Path.GetDirectoryName(folder), Is.EqualTo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));
            Assert.That(files, Does.Contain("BTCUSDT-1h.csv").And.Count.GreaterThanOrEqualTo(5));
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }
}
