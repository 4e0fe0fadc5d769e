using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Bybit;

/// <summary>
/// Bybit v5 public market data: <c>/v5/market/kline</c> (rows newest first, numbers as strings),
/// instruments-info, tickers, and the public <c>kline.{interval}.{symbol}</c> topic (closed when <c>confirm</c>).
/// </summary>
internal sealed class BybitCandleSource : ICandleSource, IExchangeCatalog
{
    public const string ExchangeName = "Bybit";
    public const string HttpClientName = "Atra.Bybit";

    // Bybit takes at most 10 topics per subscribe request on spot; the same batch size works everywhere.
    private const int TopicsPerSubscribe = 10;

    private readonly ExchangeRestCaller _rest;
    private readonly BybitOptions _options;
    private readonly ExchangeStatusTracker _status;
    private readonly TimeProvider _clock;

    public BybitCandleSource(IHttpClientFactory http, IOptions<MarketOptions> options, ExchangeStatusTracker status, TimeProvider clock, ILogger<BybitCandleSource> logger)
    {
        var market = options.Value;
        _options = market.Bybit;
        _status = status;
        _clock = clock;
        // Bybit reports no used weight; its limits answer 403/429 (handled by pausing) or retCode 10006.
        Gate = new RateGate(ExchangeName, 0, 1, clock, status);
        _rest = new ExchangeRestCaller(http, HttpClientName, Gate, null, market.MaxRetryAfterWait, status, logger);
        Stream = new ReconnectingWebSocket(ExchangeName, market.ReconnectBaseDelay, market.ReconnectMaxDelay, market.RequestTimeout, status, clock, logger);
        _status.Touch(ExchangeName);
    }

    public string Name => ExchangeName;

    public RateGate Gate { get; }

    public ReconnectingWebSocket Stream { get; }

    public bool SupportsTradeFeed => false;

    public Task RunTradeFeedAsync(IReadOnlyList<string> symbols, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Bybit's interval codes (minutes, or D); null where Bybit has no such candles.</summary>
    public static string? IntervalCode(string interval) => interval switch
    {
        "1m" => "1",
        "3m" => "3",
        "5m" => "5",
        "15m" => "15",
        "30m" => "30",
        "1h" => "60",
        "2h" => "120",
        "4h" => "240",
        "6h" => "360",
        "12h" => "720",
        "1d" => "D",
        _ => null,
    };

    public async Task<IReadOnlyList<Candle>> GetHistoryAsync(string symbol, string interval, long? startMs, long? endMs, int limit, CancellationToken ct)
    {
        var ms = CandleInterval.Milliseconds(interval);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = new List<Candle>();
        if (limit <= 0)
        {
            return result;
        }
        // Bybit answers the newest rows of a range, so every request pages backwards from the end; a range
        // from a start is cut to `limit` candles first.
        var end = endMs ?? now;
        if (startMs is { } s)
        {
            end = Math.Min(end, s + (limit * ms) - 1);
        }
        var pages = new List<List<Candle>>();
        var have = 0;
        while (have < limit && (startMs is null || end >= startMs))
        {
            var n = Math.Min(_options.KlinePageLimit, limit - have);
            var rows = await KlinesAsync(symbol, interval, startMs, end, n, ct).ConfigureAwait(false);
            var closed = new List<Candle>(rows.Count);
            foreach (var c in rows)
            {
                if (c.OpenTimeMs <= end && c.OpenTimeMs + ms <= now && (startMs is null || c.OpenTimeMs >= startMs))
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
            end = rows[0].OpenTimeMs - 1;
        }
        for (var i = pages.Count - 1; i >= 0; i--)
        {
            result.AddRange(pages[i]);
        }
        return result.Count > limit ? result.GetRange(result.Count - limit, limit) : result;
    }

    private async Task<List<Candle>> KlinesAsync(string symbol, string interval, long? start, long end, int limit, CancellationToken ct)
    {
        var code = IntervalCode(interval) ?? throw new ArgumentException($"Bybit has no '{interval}' candles", nameof(interval));
        var q = new StringBuilder($"/v5/market/kline?category={_options.Category}&symbol={Uri.EscapeDataString(symbol)}&interval={code}&limit={limit}&end={Num.Inv(end)}");
        if (start is { } s)
        {
            q.Append("&start=").Append(Num.Inv(s));
        }
        var body = await GetResultAsync("kline", q.ToString(), ct).ConfigureAwait(false);
        return ParseKlines(body);
    }

    /// <summary>Rows are <c>["startTime","open","high","low","close","volume","turnover"]</c>, newest first; returned oldest first.</summary>
    internal static List<Candle> ParseKlines(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<Candle>();
        foreach (var row in doc.RootElement.GetProperty("result").GetProperty("list").EnumerateArray())
        {
            list.Add(new Candle(Num.L(row[0]), Num.D(row[1]), Num.D(row[2]), Num.D(row[3]), Num.D(row[4]), Num.D(row[5])));
        }
        list.Sort((a, b) => a.OpenTimeMs.CompareTo(b.OpenTimeMs));
        return list;
    }

    /// <summary>GET with Bybit's envelope checked: HTTP 200 may still carry <c>retCode != 0</c>.</summary>
    private async Task<byte[]> GetResultAsync(string endpoint, string pathAndQuery, CancellationToken ct)
    {
        var body = await _rest.GetAsync(endpoint, pathAndQuery, 1, ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.TryGetProperty("retCode", out var rc) && rc.GetInt32() != 0)
        {
            var message = Num.S(root, "retMsg");
            var error = $"{endpoint}: retCode {rc.GetInt32()} {message}";
            _status.Failure(ExchangeName, error);
            MarketDataMetrics.RequestErrors.WithLabels(ExchangeName, rc.GetInt32() == 10006 ? "rate_limited" : "client_error").Inc();
            if (rc.GetInt32() == 10006)
            {
                Gate.Pause(TimeSpan.FromSeconds(5));
            }
            throw new ExchangeException(ExchangeName, error);
        }
        return body;
    }

    public async Task<IReadOnlyList<ExchangeSymbol>> GetSymbolsAsync(CancellationToken ct)
    {
        var all = new List<ExchangeSymbol>();
        var cursor = string.Empty;
        do
        {
            var q = $"/v5/market/instruments-info?category={_options.Category}&limit=1000";
            if (cursor.Length > 0)
            {
                q += "&cursor=" + Uri.EscapeDataString(cursor);
            }
            var body = await GetResultAsync("instrumentsInfo", q, ct).ConfigureAwait(false);
            all.AddRange(ParseInstruments(body, _options.Category, out cursor));
        }
        while (cursor.Length > 0);
        return all;
    }

    internal static List<ExchangeSymbol> ParseInstruments(byte[] body, string category, out string nextCursor)
    {
        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("result");
        nextCursor = Num.S(result, "nextPageCursor");
        var list = new List<ExchangeSymbol>();
        foreach (var s in result.GetProperty("list").EnumerateArray())
        {
            var lot = s.TryGetProperty("lotSizeFilter", out var l) ? l : default;
            var price = s.TryGetProperty("priceFilter", out var p) ? p : default;
            var spot = category == "spot";
            var step = spot ? Num.M(lot, "basePrecision") : Num.M(lot, "qtyStep");
            var minNotional = spot ? Num.M(lot, "minOrderAmt") : Num.M(lot, "minNotionalValue");
            var leverage = !spot && s.TryGetProperty("leverageFilter", out var lf) ? (int)Math.Floor(Num.M(lf, "maxLeverage")) : 1;
            var rules = new SymbolRules(Num.S(s, "symbol"), Num.S(s, "status").ToUpperInvariant(), Num.M(price, "tickSize"), step, Num.M(lot, "minOrderQty"), minNotional, Math.Max(1, leverage));
            var contract = Num.S(s, "contractType");
            var listable = spot || contract is "LinearPerpetual" or "InversePerpetual";
            list.Add(new ExchangeSymbol(rules, Num.S(s, "quoteCoin"), listable));
        }
        return list;
    }

    public async Task<IReadOnlyList<(string Symbol, decimal QuoteVolume)>> GetQuoteVolumesAsync(CancellationToken ct)
    {
        var body = await GetResultAsync("tickers", $"/v5/market/tickers?category={_options.Category}", ct).ConfigureAwait(false);
        return ParseTickers(body);
    }

    /// <summary>turnover24h is the 24 h volume in quote currency for linear and spot.</summary>
    internal static List<(string Symbol, decimal QuoteVolume)> ParseTickers(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var list = new List<(string, decimal)>();
        foreach (var t in doc.RootElement.GetProperty("result").GetProperty("list").EnumerateArray())
        {
            list.Add((Num.S(t, "symbol"), Num.M(t, "turnover24h")));
        }
        return list;
    }

    public async IAsyncEnumerable<(string Symbol, Candle Candle)> StreamClosedAsync(IReadOnlyList<string> symbols, string interval, [EnumeratorCancellation] CancellationToken ct)
    {
        var code = IntervalCode(interval) ?? throw new ArgumentException($"Bybit has no '{interval}' candles", nameof(interval));
        var topics = symbols.Select(s => $"kline.{code}.{s}").ToList();
        var channel = Channel.CreateBounded<(string, Candle)>(new BoundedChannelOptions(10_000) { SingleReader = true });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ping = Encoding.UTF8.GetBytes("{\"op\":\"ping\"}");
        var task = Stream.RunAsync(new Uri(_options.WebSocketUrl), (ws, t) => SubscribeAsync(ws, topics, t), m => OnMessageAsync(m, channel.Writer, cts.Token), _options.PingInterval, ping, cts.Token);
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
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task SubscribeAsync(ClientWebSocket ws, List<string> topics, CancellationToken ct)
    {
        for (var i = 0; i < topics.Count; i += TopicsPerSubscribe)
        {
            var batch = topics.GetRange(i, Math.Min(TopicsPerSubscribe, topics.Count - i));
            var json = JsonSerializer.SerializeToUtf8Bytes(new { op = "subscribe", args = batch });
            await ws.SendAsync(json, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, ChannelWriter<(string, Candle)> writer, CancellationToken ct)
    {
        if (message.Span.IndexOf("\"confirm\":true"u8) < 0)
        {
            return;
        }
        foreach (var item in ParseKlineTopic(message))
        {
            _status.CandleReceived(ExchangeName);
            await writer.WriteAsync(item, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The confirmed (closed) candles of a <c>kline.{interval}.{symbol}</c> message.</summary>
    internal static List<(string Symbol, Candle Candle)> ParseKlineTopic(ReadOnlyMemory<byte> message)
    {
        using var doc = JsonDocument.Parse(message);
        var root = doc.RootElement;
        var list = new List<(string, Candle)>();
        var topic = Num.S(root, "topic");
        if (!topic.StartsWith("kline.", StringComparison.Ordinal) || !root.TryGetProperty("data", out var data))
        {
            return list;
        }
        var symbol = topic[(topic.IndexOf('.', 6) + 1)..];
        foreach (var k in data.EnumerateArray())
        {
            if (k.TryGetProperty("confirm", out var c) && c.ValueKind == JsonValueKind.True)
            {
                list.Add((symbol, new Candle(Num.L(k.GetProperty("start")), Num.D(k.GetProperty("open")), Num.D(k.GetProperty("high")), Num.D(k.GetProperty("low")), Num.D(k.GetProperty("close")), Num.D(k.GetProperty("volume")))));
            }
        }
        return list.OrderBy(x => x.Item2.OpenTimeMs).ToList();
    }
}
