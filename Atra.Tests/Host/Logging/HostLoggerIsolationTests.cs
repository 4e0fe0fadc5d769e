using Atra.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atra.Tests.Host.Logging;

/// <summary>
/// Two hosts in one process (as in these tests, or a CLI command run beside the service) each log to their own
/// files: Serilog's default would route both through the static logger of whichever host was built last.
/// </summary>
public class HostLoggerIsolationTests
{
    [Test]
    public void TwoHosts_EachLogsToItsOwnFiles()
    {
        var first = new AtraApiFactory();
        var second = new AtraApiFactory();
        var firstFolder = Path.Combine(first.Folder, "logs");
        var secondFolder = Path.Combine(second.Folder, "logs");
        var firstLogger = first.Services.GetRequiredService<ILogger<HostLoggerIsolationTests>>();
        var secondLogger = second.Services.GetRequiredService<ILogger<HostLoggerIsolationTests>>();
        var mark = Guid.NewGuid().ToString("N");

        firstLogger.LogWarning("from the first host {Mark}", mark);
        secondLogger.LogWarning("from the second host {Mark}", mark);
        first.Dispose();
        secondLogger.LogWarning("the second host after the first was disposed {Mark}", mark);
        second.Dispose();

        string Read(string folder) => string.Concat(Directory.GetFiles(folder, "atra_system*").Select(File.ReadAllText));
        Assert.Multiple(() =>
        {
            Assert.That(Read(firstFolder), Does.Contain("from the first host").And.Not.Contain("from the second host"));
            Assert.That(Read(secondFolder), Does.Contain("from the second host").And.Not.Contain("from the first host"));
            Assert.That(Read(secondFolder), Does.Contain("after the first was disposed"));
        });
    }
}
