using Atra.Host.Pages;
using Atra.Tests.Fakes;

namespace Atra.Tests.Host;

/// <summary>The status page's HTML as a plain client gets it (the browser tests need chromium; these run anywhere).</summary>
public class StatusPageTests
{
    [Test]
    public async Task Page_BuildWithoutTheChartLibrary_NoScriptForItAndANoteSayingWhy()
    {
        using var webRoot = new TempFolder();
        Directory.CreateDirectory(Path.Combine(webRoot.Path, "js"));
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "wwwroot", "js", "status.js"), Path.Combine(webRoot.Path, "js", "status.js"));
        await using var host = await TestWebHost.StartAsync([$"--webroot={webRoot.Path}"]);
        using var http = new HttpClient { BaseAddress = host.Address };

        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("lightweight-charts"), "no reference to a file that is not there (a 404 and a console error)");
            Assert.That(html, Does.Contain(System.Net.WebUtility.HtmlEncode(IndexModel.NoChartNote)));
            Assert.That(html, Does.Contain("js/status.js"));
        });
    }

    [Test]
    public async Task Page_BuildWithTheChartLibrary_LoadsIt()
    {
        if (!File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, "wwwroot", IndexModel.ChartLibrary)))
        {
            throw RequiredProgram.Unavailable("the status page's chart library was not built (no npm at build time)", "apt-get install -y npm, then build again");
        }
        await using var host = await TestWebHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };

        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        using var library = await http.GetAsync(new Uri("/" + IndexModel.ChartLibrary, UriKind.Relative));

        Assert.That(html, Does.Contain($"src=\"/{IndexModel.ChartLibrary}\"").And.Not.Contain(IndexModel.NoChartNote));
        Assert.That(library.IsSuccessStatusCode, Is.True);
    }
}
