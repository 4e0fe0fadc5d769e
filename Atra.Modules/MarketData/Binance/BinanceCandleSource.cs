using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Whales;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Binance;

/// <summary>
/// Binance spot (<c>/api/v3</c>) or USDⓈ-M futures (<c>/fapi/v1</c>) over plain HTTP and combined WebSocket
/// streams. Klines are paged for long histories; only closed candles (<c>k.x == true</c>) leave the stream.
/// </summary>
internal sealed class BinanceCandleSource : ICandleSource, IExchangeCatalog
{
    public const string ExchangeName = "Binance";
    public const string HttpClientName = "Atra.Binance";

    private readonly ExchangeRestCaller _rest;
    private readonly BinanceOptions _options;
    private readonly MarketOptions _market;
    private readonly WhaleTradeTracker _whales;
    private readonly ExchangeStatusTracker _status;
    private readonly TimeProvider _clock;

    public BinanceCandleSource(
        IHttpClientFactory http,
        IOptions<MarketOptions> options,
        WhaleTradeTracker whales,
        ExchangeStatusTracker status,
        TimeProvider clock,
        ILogger<BinanceCandleSource> logger)
    {
        _market = options.Value;
        _options = _market.Binance;
        _whales = whales;
        _status = status;
        _clock = clock;
        Gate = new RateGate(ExchangeName, _options.WeightLimit, _options.WeightSafetyFraction, clock, status);
        _rest = new ExchangeRestCaller(http, HttpClientName, Gate, "X-MBX-USED-WEIGHT-1M", _market.MaxRetryAfterWait, status, logger);
        Stream = new ReconnectingWebSocket(ExchangeName, _market.ReconnectBaseDelay, _market.ReconnectMaxDelay, _market.RequestTimeout, status, clock, logger);
        _status.Touch(ExchangeName);
    }

    public string Name => ExchangeName;

    public RateGate Gate { get; }

    public ReconnectingWebSocket Stream { get; }

    public bool SupportsTradeFeed => true;

    private bool Futures => _options.IsFutures;

    private string Api => Futures ? "/fapi/v1" : "/api/v3";

    public async Task<IReadOnlyList<Candle>> GetHistoryAsync(string symbol, string interval, long? startMs, long? endMs, int limit, CancellationToken ct)
    {
        var ms = CandleInterval.Milliseconds(interval);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var page = _options.KlinePageLimit;
        var result = new List<Candle>(Math.Min(limit, 10_000));
        if (limit <= 0)
        {
            return result;
        }
        if (startMs is { } start)
        {
            var cursor = start;
            while (result.Count < limit)
            {
                var n = Math.Min(page, limit - result.Count);
                var rows = await KlinesAsync(symbol, interval, cursor, endMs, n, ct).ConfigureAwait(false);
                foreach (var c in rows)
                {
                    if (c.OpenTimeMs >= cursor && c.OpenTimeMs + ms <= now && (endMs is null || c.OpenTimeMs <= endMs) && result.Count < limit)
                    {
                        result.Add(c);
                    }
                }
                if (rows.Count < n)
                {
                    break;
                }
                cursor = rows[^1].OpenTimeMs + 1;
            }
            return result;
        }

        // The last `limit` candles: page backwards from the end, then put the pages in order.
        var pages = new List<List<Candle>>();
        var endCursor = endMs ?? now;
        var have = 0;
        while (have < limit)
        {
            var n = Math.Min(page, limit - have);
            var rows = await KlinesAsync(symbol, interval, null, endCursor, n, ct).ConfigureAwait(false);
            var closed = new List<Candle>(rows.Count);
            foreach (var c in rows)
            {
                if (c.OpenTimeMs <= endCursor && c.OpenTimeMs + ms <= now)
                {
                    closed.Add(c);
                }
            }
            pages.Add(closed);
            have += closed.Count;
            if (rows.Count < n || rows.Count == 0)
            {
                break;
            }
            endCursor = rows[0].OpenTimeMs - 1;
        }
        for (var i = pages.Count - 1; i >= 0; i--)
        {
            result.AddRange(pages[i]);
        }
        return result.Count > limit ? result.GetRange(result.Count - limit, limit) : result;
    }

    private async Task<List<Candle>> KlinesAsync(string symbol, string interval, long? start, long? end, int limit, CancellationToken ct)
    {
        var q = new StringBuilder($"{Api}/klines?symbol={Uri.EscapeDataString(symbol)}&interval={interval}&limit={limit}");
        if (start is { } s)
        {
            q.Append("&startTime=").Append(Num.Inv(s));
        }
        if (end is { } e)
        {
            q.Append("&endTime=").Append(Num.Inv(e));
        }
        var body = await _rest.GetAsync("klines", q.ToString(), KlinesWeight(limit), ct).ConfigureAwait(false);
        return ParseKlines(body);
    }

    /// <summary>Request weights as documented (spot klines 2; futures by limit).</summary>
    private int KlinesWeight(int limit) => !Futures ? 2 : limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;

    /// <summary>Rows are <c>[openTime, "open", "high", "low", "close", "volume", closeTime, …]</c>, oldest first.</summary>
    internal static List<Candle> ParseKlines(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<Candle>(doc.RootElement.GetArrayLength());
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            list.Add(new Candle(Num.L(row[0]), Num.D(row[1]), Num.D(row[2]), Num.D(row[3]), Num.D(row[4]), Num.D(row[5])));
        }
        list.Sort((a, b) => a.OpenTimeMs.CompareTo(b.OpenTimeMs));
        return list;
    }

    public async Task<IReadOnlyList<ExchangeSymbol>> GetSymbolsAsync(CancellationToken ct)
    {
        var body = await _rest.GetAsync("exchangeInfo", $"{Api}/exchangeInfo", Futures ? 1 : 20, ct).ConfigureAwait(false);
        return ParseExchangeInfo(body, Futures, _options.FuturesMaxLeverage);
    }

    internal static List<ExchangeSymbol> ParseExchangeInfo(byte[] body, bool futures, int futuresMaxLeverage)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<ExchangeSymbol>();
        foreach (var s in doc.RootElement.GetProperty("symbols").EnumerateArray())
        {
            decimal tick = 0, step = 0, minQty = 0, minNotional = 0;
            foreach (var f in s.GetProperty("filters").EnumerateArray())
            {
                switch (Num.S(f, "filterType"))
                {
                    case "PRICE_FILTER":
                        tick = Num.M(f, "tickSize");
                        break;
                    case "LOT_SIZE":
                        step = Num.M(f, "stepSize");
                        minQty = Num.M(f, "minQty");
                        break;
                    case "NOTIONAL":
                        minNotional = Num.M(f, "minNotional");
                        break;
                    case "MIN_NOTIONAL":
                        // Spot's older filter names it minNotional; USDⓈ-M names it notional.
                        minNotional = f.TryGetProperty("notional", out _) ? Num.M(f, "notional") : Num.M(f, "minNotional");
                        break;
                    default:
                        break;
                }
            }
            var listable = futures
                ? Num.S(s, "contractType") == "PERPETUAL"
                : !s.TryGetProperty("isSpotTradingAllowed", out var spot) || spot.ValueKind != JsonValueKind.False;
            var rules = new SymbolRules(Num.S(s, "symbol"), Num.S(s, "status").ToUpperInvariant(), tick, step, minQty, minNotional, futures ? futuresMaxLeverage : 1);
            list.Add(new ExchangeSymbol(rules, Num.S(s, "quoteAsset"), listable));
        }
        return list;
    }

    public async Task<IReadOnlyList<(string Symbol, decimal QuoteVolume)>> GetQuoteVolumesAsync(CancellationToken ct)
    {
        var body = await _rest.GetAsync("ticker24hr", $"{Api}/ticker/24hr", Futures ? 40 : 80, ct).ConfigureAwait(false);
        return ParseTickers(body);
    }

    internal static List<(string Symbol, decimal QuoteVolume)> ParseTickers(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<(string, decimal)>();
        foreach (var t in doc.RootElement.EnumerateArray())
        {
            list.Add((Num.S(t, "symbol"), Num.M(t, "quoteVolume")));
        }
        return list;
    }

    public async IAsyncEnumerable<(string Symbol, Candle Candle)> StreamClosedAsync(IReadOnlyList<string> symbols, string interval, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<(string, Candle)>(new BoundedChannelOptions(10_000) { SingleReader = true });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var streams = symbols.Select(s => $"{s.ToLowerInvariant()}@kline_{interval}").ToList();
        var tasks = Chunks(streams).Select(chunk => Stream.RunAsync(CombinedUri(chunk), null, m => OnKlineAsync(m, channel.Writer, cts.Token), null, default, cts.Token)).ToList();
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async ValueTask OnKlineAsync(ReadOnlyMemory<byte> message, ChannelWriter<(string, Candle)> writer, CancellationToken ct)
    {
        // Most kline messages are updates of the open candle (every ~2 s); skip them before parsing.
        if (message.Span.IndexOf("\"x\":true"u8) < 0)
        {
            return;
        }
        var candle = ParseKlineEvent(message, out var symbol);
        if (symbol is not null)
        {
            _status.CandleReceived(ExchangeName);
            await writer.WriteAsync((symbol, candle), ct).ConfigureAwait(false);
        }
    }

    /// <summary>A combined-stream kline event; symbol null unless the candle is closed.</summary>
    internal static Candle ParseKlineEvent(ReadOnlyMemory<byte> message, out string? symbol)
    {
        using var doc = JsonDocument.Parse(message);
        var data = doc.RootElement.TryGetProperty("data", out var d) ? d : doc.RootElement;
        symbol = null;
        if (!data.TryGetProperty("k", out var k) || !k.TryGetProperty("x", out var x) || x.ValueKind != JsonValueKind.True)
        {
            return default;
        }
        symbol = Num.S(k, "s");
        return new Candle(Num.L(k.GetProperty("t")), Num.D(k.GetProperty("o")), Num.D(k.GetProperty("h")), Num.D(k.GetProperty("l")), Num.D(k.GetProperty("c")), Num.D(k.GetProperty("v")));
    }

    public Task RunTradeFeedAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var streams = symbols.Select(s => $"{s.ToLowerInvariant()}@aggTrade").ToList();
        return Task.WhenAll(Chunks(streams).Select(chunk => Stream.RunAsync(CombinedUri(chunk), null, OnTrade, null, default, ct)));
    }

    private ValueTask OnTrade(ReadOnlyMemory<byte> message)
    {
        using var doc = JsonDocument.Parse(message);
        var data = doc.RootElement.TryGetProperty("data", out var d) ? d : doc.RootElement;
        if (Num.S(data, "e") == "aggTrade")
        {
            // m: the buyer is the maker, so the aggressor sold.
            var sell = data.TryGetProperty("m", out var m) && m.ValueKind == JsonValueKind.True;
            _whales.Record(Num.S(data, "s"), Num.L(data.GetProperty("T")), Num.D(data.GetProperty("p")) * Num.D(data.GetProperty("q")), !sell);
        }
        return ValueTask.CompletedTask;
    }

    private IEnumerable<List<string>> Chunks(List<string> streams)
    {
        for (var i = 0; i < streams.Count; i += _options.MaxStreamsPerConnection)
        {
            yield return streams.GetRange(i, Math.Min(_options.MaxStreamsPerConnection, streams.Count - i));
        }
    }

    private Uri CombinedUri(List<string> streams)
    {
        var root = (Futures ? _options.FuturesWebSocketUrl : _options.SpotWebSocketUrl).TrimEnd('/');
        return new Uri($"{root}/stream?streams={string.Join('/', streams)}");
    }
}
