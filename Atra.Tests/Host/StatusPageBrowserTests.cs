using Atra.Host.Pages;
using Atra.Modules.Health.StatusPage;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Atra.Tests.Host;

/// <summary>
/// The status page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright's bundled driver):
/// no console errors, the signals, the candlestick chart with its markers, live refresh, a phone-sized screen.
/// </summary>
public class StatusPageBrowserTests
{
    [Test]
    public async Task StatusPage_WithSignalsAndCandles_RendersWithoutErrors()
    {
        var chromium = RequiredProgram.Find("chromium", "chromium");
        if (!File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, "wwwroot", IndexModel.ChartLibrary)))
        {
            throw RequiredProgram.Unavailable("the status page's chart library was not built (no npm at build time)", "apt-get install -y npm, then build again");
        }
        var candles = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Health", "BTCUSDT-1h.csv");
        await using var host = await TestWebHost.StartAsync(
            ["--Health:Interval=00:00:01"],
            builder => builder.Services.AddSingleton<IStatusCandleSource>(new CsvCandleSource(candles)));
        host.Heartbeats.Beat("SignalScanWorker");
        var now = DateTimeOffset.UtcNow;
        // Signals on real candle times of the file (2022-10-09 .. 2022-10-11, 1h).
        host.Database.InsertSignal("BTCUSDT", "long", now.AddHours(-50), 1665237600000, entry: "19450.1", status: "closed", result: "win", profitPct: "2.4", exitAt: now.AddDays(-2));
        host.Database.InsertSignal("BTCUSDT", "short", now.AddHours(-30), 1665324000000, entry: "19380.5", status: "closed", result: "loss", profitPct: "-1.1", exitAt: now.AddDays(-1));
        host.Database.InsertSignal("BTCUSDT", "long", now.AddHours(-3), 1665460800000, entry: "19120", status: "open");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);

        foreach (var (name, width, height) in new[] { ("phone", 390, 844), ("desktop", 1280, 900) })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var errors = CollectErrors(page);

            var response = await page.GotoAsync(host.Address.ToString());
            Assert.That(response?.Status, Is.EqualTo(200));
            try
            {
                await page.WaitForSelectorAsync("#chart canvas");
                // Locator waits, not WaitForFunction: the page's Content-Security-Policy forbids the eval that one needs.
                await page.Locator("#chart-note", new PageLocatorOptions { HasTextString = "candles," }).WaitForAsync();
                await page.Locator("#signals tbody tr").Nth(2).WaitForAsync();
            }
            catch (TimeoutException)
            {
                var failed = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"status-page-{name}-failed.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = failed, FullPage = true });
                TestContext.AddTestAttachment(failed, "The page when the wait timed out");
                Assert.Fail($"{name}: the page did not finish rendering; console errors: [{string.Join(" | ", errors)}]; chart note: '{await page.Locator("#chart-note").InnerTextAsync()}'");
            }

            Assert.That(await page.Locator("#signals tbody").InnerTextAsync(), Does.Contain("BTCUSDT").And.Contain("19120").And.Contain("win").And.Contain("loss"));
            Assert.That(await page.Locator("#chart-note").InnerTextAsync(), Does.Contain("300 candles, 3 signals marked"));
            Assert.That(await page.Locator("#chart canvas").CountAsync(), Is.GreaterThan(0));
            Assert.That(await page.Locator("#performance-figures").InnerTextAsync(), Does.Contain("Win rate 50%"));
            Assert.That(await page.Locator("#models").InnerTextAsync(), Does.StartWith("No model is active: the ML filter passes every signal."));
            Assert.That(await page.Locator("li[data-component='database'] .badge").InnerTextAsync(), Is.EqualTo("HEALTHY"));
            var fits = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
            Assert.That(fits, Is.True, $"{name}: the page is wider than the screen");

            // Live refresh: a new signal appears without reloading.
            if (name == "phone")
            {
                host.Database.InsertSignal("ETHUSDT", "short", DateTimeOffset.UtcNow, 1665464400000, entry: "1290.5");
                await page.Locator("#signals tbody tr").Nth(3).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                Assert.That(await page.Locator("#signals tbody tr").First.InnerTextAsync(), Does.Contain("ETHUSDT"));
            }

            var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"status-page-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            TestContext.AddTestAttachment(screenshot, $"Status page on a {name} screen");
            Assert.That(errors, Is.Empty, $"{name}: console errors");
            await page.CloseAsync();
        }
    }

    [Test]
    public async Task StatusPage_BuiltWithoutTheChartLibrary_ShowsEverythingElseAndSaysWhy()
    {
        var chromium = RequiredProgram.Find("chromium", "chromium");
        // The web root of a build made without npm: the page's own files, no lib/.
        using var webRoot = new TempFolder();
        foreach (var folder in new[] { "css", "js" })
        {
            Directory.CreateDirectory(Path.Combine(webRoot.Path, folder));
            foreach (var file in Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "wwwroot", folder)))
            {
                File.Copy(file, Path.Combine(webRoot.Path, folder, Path.GetFileName(file)));
            }
        }
        await using var host = await TestWebHost.StartAsync([$"--webroot={webRoot.Path}"]);
        host.Database.InsertSignal("BTCUSDT", "long", DateTimeOffset.UtcNow.AddHours(-3), 1665460800000, entry: "19120", status: "open");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);
        var response = await page.GotoAsync(host.Address.ToString());
        Assert.That(response?.Status, Is.EqualTo(200));
        // The script works without the library: a new signal appears by the page's own refresh.
        host.Database.InsertSignal("ETHUSDT", "short", DateTimeOffset.UtcNow, 1665464400000, entry: "1290.5");
        await page.Locator("#signals tbody tr").Nth(1).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await page.Locator("#chart-note").InnerTextAsync(), Does.Contain("without npm"));
            Assert.That(await page.Locator("#chart").IsHiddenAsync(), Is.True);
            Assert.That(await page.Locator("#performance-chart").IsHiddenAsync(), Is.True);
            Assert.That(await page.Locator("#signals tbody").InnerTextAsync(), Does.Contain("19120"));
            Assert.That(errors, Is.Empty, "console errors");
        });
    }

    /// <summary>Console errors and uncaught exceptions of the page (a CSP violation is a console error too).</summary>
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
