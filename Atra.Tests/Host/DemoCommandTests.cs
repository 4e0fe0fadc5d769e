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
}
