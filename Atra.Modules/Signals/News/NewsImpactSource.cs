using System.ServiceModel.Syndication;
using System.Xml;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.News;

/// <summary>
/// News impact (STRATEGY.md): the RSS/Atom feeds of <c>Signals:NewsFeeds</c>, fetched at most once per
/// <c>Signals:NewsCacheDuration</c>; items of the last <c>Signals:NewsWindow</c> that name the coin are scored
/// with <see cref="NewsLexicon"/> and averaged into [−1, 1]. 0 without feeds or without such items. A feed that
/// cannot be read is skipped; when every feed fails the verdict is unknown (the caller records NaN).
/// </summary>
internal sealed partial class NewsImpactSource(
    IHttpClientFactory http,
    IOptions<SignalsSettings> options,
    TimeProvider clock,
    ILogger<NewsImpactSource> logger) : INewsImpactSource, IDisposable
{
    public const string HttpClientName = "atra-news";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<NewsItem> _items = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

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
                sum += NewsLexicon.Score(item.LowerText);
                count++;
            }
        }
        return count == 0 ? 0 : Math.Clamp(sum / count, -1, 1);
    }

    private async Task<IReadOnlyList<NewsItem>> ItemsAsync(SignalsSettings settings, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (clock.GetUtcNow() - _fetchedAt < settings.NewsCacheDuration)
            {
                return _items;
            }
            var items = new List<NewsItem>();
            var failures = 0;
            var client = http.CreateClient(HttpClientName);
            foreach (var url in settings.NewsFeeds)
            {
                try
                {
                    await using var stream = await client.GetStreamAsync(new Uri(url), ct).ConfigureAwait(false);
                    using var reader = XmlReader.Create(stream, new XmlReaderSettings { Async = false, DtdProcessing = DtdProcessing.Prohibit });
                    var feed = SyndicationFeed.Load(reader);
                    foreach (var entry in feed.Items)
                    {
                        var published = entry.PublishDate != default ? entry.PublishDate : entry.LastUpdatedTime;
                        if (published == default)
                        {
                            continue;
                        }
                        var text = $"{entry.Title?.Text} {entry.Summary?.Text}";
                        items.Add(new NewsItem(text, text.ToLowerInvariant(), published));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or XmlException or IOException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    failures++;
                    LogFeedFailed(logger, ex, url);
                }
            }
            if (failures == settings.NewsFeeds.Count)
            {
                throw new InvalidOperationException("no news feed could be read");
            }
            _items = items;
            _fetchedAt = clock.GetUtcNow();
            return _items;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "News feed {Url} could not be read; it is skipped")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string url);
}
