using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atra.Tests.MarketData;

/// <summary>
/// A loopback Binance and Bybit (Kestrel on 127.0.0.1, port 0) serving the recorded payloads, so the real
/// clients run. Kline rows are "released" over time: REST serves the released rows only, the sockets release
/// rows as they send them, and a script can drop a socket or skip rows (the gap a reconnect must backfill).
/// </summary>
internal sealed class FakeExchange : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(long OpenTime, string Raw)> _rows;
    private int _released;

    private FakeExchange(WebApplication app, List<(long, string)> rows)
    {
        _app = app;
        _rows = rows;
    }

    public static string Data(params string[] parts) =>
        Path.Combine([TestContext.CurrentContext.TestDirectory, "TestData", "MarketData", .. parts]);

    public Uri BaseUri { get; private set; } = null!;

    public string WebSocketBase => $"ws://{BaseUri.Authority}";

    public IReadOnlyList<(long OpenTime, string Raw)> Rows => _rows;

    /// <summary>Rows the REST klines endpoint shows (the "closed so far").</summary>
    public int Released
    {
        get => Volatile.Read(ref _released);
        set => Volatile.Write(ref _released, value);
    }

    public ConcurrentQueue<(DateTimeOffset At, string PathAndQuery, int Status)> Requests { get; } = new();

    /// <summary>Answers a request instead of the normal handler when it returns true (429, 418, 500 …).</summary>
    public Func<HttpContext, int, Task<bool>>? Intercept { get; set; }

    /// <summary>The X-MBX-USED-WEIGHT-1M value for the n-th request (1-based), if any.</summary>
    public Func<int, int?>? UsedWeight { get; set; }

    /// <summary>What the Binance socket does on its n-th connection (0-based).</summary>
    public Func<WebSocket, IReadOnlyList<string>, int, CancellationToken, Task>? BinanceSocket { get; set; }

    public Func<WebSocket, int, CancellationToken, Task>? BybitSocket { get; set; }

    public ConcurrentQueue<string> BybitSubscriptions { get; } = new();

    public int BinanceConnections => Volatile.Read(ref _binanceConnections);

    private int _binanceConnections;
    private int _bybitConnections;
    private int _requests;

    public static async Task<FakeExchange> StartAsync(string klinesFile = "binance_spot/klines.recorded-2024-11-16.1m.json", int released = int.MaxValue)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(Data(klinesFile.Split('/'))));
        var rows = doc.RootElement.EnumerateArray().Select(r => (r[0].GetInt64(), r.GetRawText())).ToList();
        var fake = new FakeExchange(app, rows) { Released = Math.Min(released, rows.Count) };
        app.UseWebSockets();
        app.Use(async (ctx, next) =>
        {
            var n = Interlocked.Increment(ref fake._requests);
            if (fake.UsedWeight?.Invoke(n) is { } w)
            {
                ctx.Response.Headers["X-MBX-USED-WEIGHT-1M"] = w.ToString(CultureInfo.InvariantCulture);
            }
            if (fake.Intercept is { } intercept && !ctx.WebSockets.IsWebSocketRequest && await intercept(ctx, n))
            {
                fake.Requests.Enqueue((DateTimeOffset.UtcNow, ctx.Request.Path + ctx.Request.QueryString, ctx.Response.StatusCode));
                return;
            }
            await next(ctx);
            fake.Requests.Enqueue((DateTimeOffset.UtcNow, ctx.Request.Path + ctx.Request.QueryString, ctx.Response.StatusCode));
        });
        app.MapGet("/api/v3/klines", fake.BinanceKlines);
        app.MapGet("/fapi/v1/klines", fake.BinanceKlines);
        app.MapGet("/api/v3/exchangeInfo", () => File("binance_spot", "exchangeInfo.subset.recorded-2023-09-08.json"));
        app.MapGet("/fapi/v1/exchangeInfo", () => File("binance_usdm_futures", "fapi_v1_exchangeInfo.subset.recorded-2024-10-02.json"));
        app.MapGet("/api/v3/ticker/24hr", () => File("binance_spot", "ticker_24hr.slice.recorded-2020-09-29.json"));
        app.MapGet("/v5/market/kline", fake.BybitKlines);
        app.MapGet("/v5/market/instruments-info", () => File("bybit_v5", "market_instruments-info.docs-example.linear.BTCUSDT.json"));
        app.MapGet("/v5/market/tickers", () => File("bybit_v5", "market_tickers.recorded-2023-02-27.linear.BTCUSDT.json"));
        app.Map("/stream", fake.BinanceStreamAsync);
        app.Map("/v5/public/linear", fake.BybitStreamAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUri = new Uri(address);
        return fake;
    }

    public static IResult File(string folder, string name) => Results.File(Data(folder, name), "application/json");

    public int KlineRequests => Requests.Count(r => r.PathAndQuery.Contains("klines", StringComparison.Ordinal));

    private IResult BinanceKlines(HttpRequest request)
    {
        var q = request.Query;
        if (q["symbol"] == "NOPE")
        {
            return Results.Text(System.IO.File.ReadAllText(Data("binance_spot", "error.docs-example.json")), "application/json", Encoding.UTF8, 400);
        }
        var limit = q.ContainsKey("limit") ? int.Parse(q["limit"]!, CultureInfo.InvariantCulture) : 500;
        long? start = q.ContainsKey("startTime") ? long.Parse(q["startTime"]!, CultureInfo.InvariantCulture) : null;
        long? end = q.ContainsKey("endTime") ? long.Parse(q["endTime"]!, CultureInfo.InvariantCulture) : null;
        var visible = _rows.Take(Released).Where(r => (start is null || r.OpenTime >= start) && (end is null || r.OpenTime <= end)).ToList();
        var page = start is not null ? visible.Take(limit) : visible.Skip(Math.Max(0, visible.Count - limit));
        return Results.Text("[" + string.Join(",", page.Select(r => r.Raw)) + "]", "application/json");
    }

    /// <summary>Bybit's shape from the same rows: strings, newest first, the newest `limit` of [start, end].</summary>
    private IResult BybitKlines(HttpRequest request)
    {
        var q = request.Query;
        var limit = q.ContainsKey("limit") ? int.Parse(q["limit"]!, CultureInfo.InvariantCulture) : 200;
        long? start = q.ContainsKey("start") ? long.Parse(q["start"]!, CultureInfo.InvariantCulture) : null;
        long? end = q.ContainsKey("end") ? long.Parse(q["end"]!, CultureInfo.InvariantCulture) : null;
        var visible = _rows.Take(Released).Where(r => (start is null || r.OpenTime >= start) && (end is null || r.OpenTime <= end)).ToList();
        var page = visible.Skip(Math.Max(0, visible.Count - limit)).Reverse().Select(r =>
        {
            using var row = JsonDocument.Parse(r.Raw);
            var e = row.RootElement;
            return new[] { e[0].GetInt64().ToString(CultureInfo.InvariantCulture), e[1].GetString()!, e[2].GetString()!, e[3].GetString()!, e[4].GetString()!, e[5].GetString()!, e[7].GetString()! };
        }).ToList();
        var body = new { retCode = 0, retMsg = "OK", result = new { symbol = q["symbol"].ToString(), category = q["category"].ToString(), list = page }, retExtInfo = new { }, time = 1677516322292 };
        return Results.Json(body);
    }

    private async Task BinanceStreamAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        var streams = ctx.Request.Query["streams"].ToString().Split('/');
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        var n = Interlocked.Increment(ref _binanceConnections) - 1;
        if (BinanceSocket is { } script)
        {
            await script(ws, streams, n, ctx.RequestAborted);
            if (ws.State == WebSocketState.Aborted)
            {
                // Drop the TCP connection too, so the client sees a dead socket at once.
                ctx.Abort();
                return;
            }
        }
        else
        {
            await HoldOpenAsync(ws, ctx.RequestAborted);
        }
        if (ws.State == WebSocketState.Open)
        {
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
    }

    private async Task BybitStreamAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        var n = Interlocked.Increment(ref _bybitConnections) - 1;
        var buffer = new byte[4096];
        var first = await ws.ReceiveAsync(buffer, ctx.RequestAborted);
        BybitSubscriptions.Enqueue(Encoding.UTF8.GetString(buffer, 0, first.Count));
        if (BybitSocket is { } script)
        {
            await script(ws, n, ctx.RequestAborted);
        }
        await HoldOpenAsync(ws, ctx.RequestAborted);
    }

    /// <summary>Reads until the client closes (or the test ends), answering nothing.</summary>
    public static async Task HoldOpenAsync(WebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                var r = await ws.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    /// <summary>A combined-stream kline event for row <paramref name="index"/>, in Binance's documented shape.</summary>
    public string KlineEvent(string stream, int index, bool closed)
    {
        using var doc = JsonDocument.Parse(_rows[index].Raw);
        var r = doc.RootElement;
        var symbol = stream[..stream.IndexOf('@', StringComparison.Ordinal)].ToUpperInvariant();
        var interval = stream[(stream.IndexOf('_', StringComparison.Ordinal) + 1)..];
        var k = new Dictionary<string, object>
        {
            ["t"] = r[0].GetInt64(), ["T"] = r[6].GetInt64(), ["s"] = symbol, ["i"] = interval, ["f"] = 100, ["L"] = 200,
            ["o"] = r[1].GetString()!, ["c"] = r[4].GetString()!, ["h"] = r[2].GetString()!, ["l"] = r[3].GetString()!,
            ["v"] = r[5].GetString()!, ["n"] = r[8].GetInt32(), ["x"] = closed, ["q"] = r[7].GetString()!,
            ["V"] = r[9].GetString()!, ["Q"] = r[10].GetString()!, ["B"] = "0",
        };
        var data = new Dictionary<string, object> { ["e"] = "kline", ["E"] = r[6].GetInt64() + 1, ["s"] = symbol, ["k"] = k };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["stream"] = stream, ["data"] = data });
    }

    public static Task SendAsync(WebSocket ws, string text, CancellationToken ct) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
