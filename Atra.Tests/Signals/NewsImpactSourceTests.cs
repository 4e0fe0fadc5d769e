using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.News;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Signals;

/// <summary>The real feed client against a loopback Kestrel server serving an RSS file.</summary>
public sealed class NewsImpactSourceTests
{
    private WebApplication? _server;
    private string _baseUrl = "";
    private int _requests;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var feed = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Signals", "news-feed.xml"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/rss", async context =>
        {
            Interlocked.Increment(ref _requests);
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            await context.Response.Body.WriteAsync(feed);
        });
        _server.MapGet("/broken", () => Results.Text("<html>not a feed", "text/html"));
        await _server.StartAsync();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private NewsImpactSource Source(params string[] paths)
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        var http = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var settings = new SignalsSettings { NewsFeeds = [.. paths.Select(p => _baseUrl + p)] };
        return new NewsImpactSource(http, Options.Create(settings), new FixedClock(new DateTimeOffset(2022, 10, 10, 12, 0, 0, TimeSpan.Zero)), NullLogger<NewsImpactSource>.Instance);
    }

    [Test]
    public async Task GetAsync_ItemsNamingTheCoin_AveragedLexiconScore()
    {
        using var source = Source("/rss");
        // SOL, last 6 h: exploit+hack (−1), listing (+1), the Russian delisting item naming Solana (−1); the week-old outage is outside the window.
        Assert.That(await source.GetAsync("SOLUSDT", CancellationToken.None), Is.EqualTo(-1.0 / 3).Within(1e-12));
        // ETH: upgrade + partnership → +1.
        Assert.That(await source.GetAsync("ETHUSDT", CancellationToken.None), Is.EqualTo(1.0));
        // Nothing about ADA → 0.
        Assert.That(await source.GetAsync("ADAUSDT", CancellationToken.None), Is.EqualTo(0.0));
    }

    [Test]
    public async Task GetAsync_Cached_FetchesOncePerCacheDuration()
    {
        using var source = Source("/rss");
        var before = _requests;
        await source.GetAsync("SOLUSDT", CancellationToken.None);
        await source.GetAsync("ETHUSDT", CancellationToken.None);
        Assert.That(_requests - before, Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_OnlyBrokenFeeds_Throws_SoTheVerdictIsUnknown()
    {
        using var source = Source("/broken");
        Assert.That(async () => await source.GetAsync("SOLUSDT", CancellationToken.None), Throws.InvalidOperationException);
        using var mixed = Source("/broken", "/rss");
        Assert.That(await mixed.GetAsync("ETHUSDT", CancellationToken.None), Is.EqualTo(1.0));
    }

    [Test]
    public async Task GetAsync_NoFeeds_Zero()
    {
        using var source = Source();
        Assert.That(await source.GetAsync("SOLUSDT", CancellationToken.None), Is.EqualTo(0.0));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
