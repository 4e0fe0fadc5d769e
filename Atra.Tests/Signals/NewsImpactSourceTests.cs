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
using Atra.Tests.Fakes;

namespace Atra.Tests.Signals;

/// <summary>The real feed client against a loopback Kestrel server serving an RSS file.</summary>
public sealed class NewsImpactSourceTests
{
    private WebApplication? _server;
    private string _baseUrl = "";
    private int _requests;
    private int _downRequests;
    private int _slowRequests;
    private TaskCompletionSource _slowRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeTimeProvider _clock = null!;

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
        _server.MapGet("/down", () =>
        {
            Interlocked.Increment(ref _downRequests);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        // Chunked (no Content-Length): the cap must hold while reading, not only on a declared length.
        _server.MapGet("/huge", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(feed);
            var padding = System.Text.Encoding.UTF8.GetBytes(new string(' ', 8192));
            for (var i = 0; i < 64; i++)
            {
                await context.Response.Body.WriteAsync(padding);
            }
        });
        // The first request is answered at once, later ones only when the test releases them.
        _server.MapGet("/slow", async context =>
        {
            if (Interlocked.Increment(ref _slowRequests) > 1)
            {
                await _slowRelease.Task;
            }
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            await context.Response.Body.WriteAsync(feed);
        });
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

    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(new DateTimeOffset(2022, 10, 10, 12, 0, 0, TimeSpan.Zero));

    private NewsImpactSource Source(params string[] paths)
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        var http = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var settings = new SignalsSettings { NewsFeeds = [.. paths.Select(p => _baseUrl + p)], NewsMaxFeedBytes = 64 * 1024 };
        return new NewsImpactSource(http, Options.Create(settings), _clock, NullLogger<NewsImpactSource>.Instance);
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

    [Test]
    public async Task GetAsync_FailingFeed_IsRememberedAsFailing_NotFetchedAgainForEverySymbol()
    {
        using var source = Source("/down");
        var before = _downRequests;
        for (var i = 0; i < 20; i++)
        {
            Assert.That(async () => await source.GetAsync($"S{i}USDT", CancellationToken.None), Throws.InvalidOperationException, "every feed failing: the verdict is unknown");
        }
        Assert.That(_downRequests - before, Is.EqualTo(1), "one fetch per cache period, failing or not");

        // After the cache period it is tried again, in the background: the answer meanwhile is the cached failure.
        _clock.Advance(new SignalsSettings().NewsCacheDuration);
        Assert.That(async () => await source.GetAsync("SOLUSDT", CancellationToken.None), Throws.InvalidOperationException);
        await FakeBotApi.WaitUntilAsync(() => Volatile.Read(ref _downRequests) - before == 2, what: "tried again after the cache period");
    }

    [Test]
    public async Task GetAsync_FeedBeyondTheSizeCap_IsRefused_TheOthersStillCount()
    {
        using var huge = Source("/huge");
        Assert.That(async () => await huge.GetAsync("ETHUSDT", CancellationToken.None), Throws.InvalidOperationException);

        using var mixed = Source("/huge", "/rss");
        Assert.That(await mixed.GetAsync("ETHUSDT", CancellationToken.None), Is.EqualTo(1.0));
    }

    [Test]
    public async Task GetAsync_RefreshOfASlowFeed_AnswersFromTheCacheMeanwhile()
    {
        _slowRequests = 0;
        _slowRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var source = Source("/slow");
        Assert.That(await source.GetAsync("ETHUSDT", CancellationToken.None), Is.EqualTo(1.0));

        _clock.Advance(new SignalsSettings().NewsCacheDuration);
        try
        {
            // The refresh is held by the server; the answer must not wait for it.
            var answer = await source.GetAsync("ETHUSDT", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(answer, Is.EqualTo(1.0));
            await FakeBotApi.WaitUntilAsync(() => Volatile.Read(ref _slowRequests) == 2, what: "the refresh reached the server");
        }
        finally
        {
            _slowRelease.TrySetResult();
        }
    }
}
