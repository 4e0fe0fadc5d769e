using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.News;

/// <summary>
/// News impact (STRATEGY.md): the RSS/Atom feeds of <c>Signals:NewsFeeds</c>; items of the last
/// <c>Signals:NewsWindow</c> that name the coin are scored with <see cref="NewsLexicon"/> and averaged into [−1, 1].
/// 0 without feeds or without such items. Each feed is fetched at most once per <c>Signals:NewsCacheDuration</c>,
/// success or failure alike: a feed that cannot be read is remembered as failing until then, so the scan (which asks
/// once per symbol) never waits on it again within that time. Bodies are read asynchronously and refused beyond
/// <c>Signals:NewsMaxFeedBytes</c>. When every feed is failing the verdict is unknown (the caller records NaN).
/// </summary>
internal sealed partial class NewsImpactSource(
    IHttpClientFactory http,
    IOptions<SignalsSettings> options,
    TimeProvider clock,
    ILogger<NewsImpactSource> logger) : INewsImpactSource, IDisposable
{
    public const string HttpClientName = "atra-news";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FeedState> _feeds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _refresh = Task.CompletedTask;

    public async ValueTask<double> GetAsync(string symbol, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.NewsFeeds.Count == 0)
        {
            return 0;
        }
        var items = await ItemsAsync(settings, cancellationToken).ConfigureAwait(false);
        var asset = NewsLexicon.BaseAsset(symbol);
        var since = clock.GetUtcNow() - settings.NewsWindow;
        double sum = 0;
        var count = 0;
        foreach (var item in items)
        {
            if (item.Published >= since && NewsLexicon.NamesCoin(item.Text, item.LowerText, asset))
            {
                sum += NewsLexicon.Score(item.Text);
                count++;
            }
        }
        return count == 0 ? 0 : Math.Clamp(sum / count, -1, 1);
    }

    /// <summary>
    /// The cached items. Feeds due for a fetch are fetched by one background refresh; callers wait for it only while
    /// a feed has never been fetched, otherwise they go on with what is cached (the scan asks once per symbol, and
    /// must not queue behind a slow feed's timeout).
    /// </summary>
    private async Task<IReadOnlyList<NewsItem>> ItemsAsync(SignalsSettings settings, CancellationToken ct)
    {
        Task refresh;
        bool firstFetch;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var due = settings.NewsFeeds.Where(url => !_feeds.TryGetValue(url, out var state) || now - state.FetchedAt >= settings.NewsCacheDuration).ToList();
            if (due.Count > 0 && _refresh.IsCompleted)
            {
                _refresh = RefreshAsync(due, settings.NewsMaxFeedBytes);
            }
            refresh = _refresh;
            firstFetch = settings.NewsFeeds.Any(url => !_feeds.ContainsKey(url));
        }
        if (firstFetch)
        {
            await refresh.WaitAsync(ct).ConfigureAwait(false);
        }
        lock (_gate)
        {
            var items = new List<NewsItem>();
            var failing = 0;
            foreach (var url in settings.NewsFeeds)
            {
                if (_feeds.TryGetValue(url, out var state) && state.Items is { } feedItems)
                {
                    items.AddRange(feedItems);
                }
                else
                {
                    failing++;
                }
            }
            if (failing == settings.NewsFeeds.Count)
            {
                throw new InvalidOperationException("no news feed could be read");
            }
            return items;
        }
    }

    private async Task RefreshAsync(List<string> due, long maxBytes)
    {
        // Off the caller's thread and token: the refresh outlives the request that started it.
        await Task.Yield();
        var client = http.CreateClient(HttpClientName);
        // Together, not one after another: a slow feed costs its own timeout once, not the sum of all.
        var fetched = await Task.WhenAll(due.Select(url => FetchAsync(client, url, maxBytes, _stopping.Token))).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            for (var i = 0; i < due.Count; i++)
            {
                // A failure is remembered as such until the next refresh: nobody waits on that feed again meanwhile.
                _feeds[due[i]] = fetched[i] with { FetchedAt = now };
            }
        }
    }

    private async Task<FeedState> FetchAsync(HttpClient client, string url, long maxBytes, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new InvalidDataException($"the feed declares {response.Content.Headers.ContentLength} bytes, more than Signals:NewsMaxFeedBytes ({maxBytes})");
            }
            var body = await ReadCappedAsync(response.Content, maxBytes, ct).ConfigureAwait(false);
            return new FeedState(Parse(body), default);
        }
        catch (Exception ex) when (ex is HttpRequestException or XmlException or IOException or InvalidDataException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogFeedFailed(logger, ex, url);
            return new FeedState(null, default);
        }
    }

    /// <summary>The body, read asynchronously; more than <paramref name="maxBytes"/> (declared or not) is refused.</summary>
    private static async Task<MemoryStream> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                throw new InvalidDataException($"the feed is larger than Signals:NewsMaxFeedBytes ({maxBytes})");
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        return body;
    }

    private static List<NewsItem> Parse(MemoryStream body)
    {
        // In memory by now: the parse never waits on the network. No DTDs: an entity bomb is refused, not expanded.
        using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var feed = SyndicationFeed.Load(reader);
        var items = new List<NewsItem>();
        foreach (var entry in feed.Items)
        {
            var published = entry.PublishDate != default ? entry.PublishDate : entry.LastUpdatedTime;
            if (published == default)
            {
                continue;
            }
            var text = $"{WebUtility.HtmlDecode(entry.Title?.Text)} {WebUtility.HtmlDecode(entry.Summary?.Text)}";
            items.Add(new NewsItem(text, text.ToLowerInvariant(), published));
        }
        return items;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>One feed's last fetch: its items, or null when it failed.</summary>
    private sealed record FeedState(IReadOnlyList<NewsItem>? Items, DateTimeOffset FetchedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "News feed {Url} could not be read; it is skipped until the next refresh")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string url);
}
