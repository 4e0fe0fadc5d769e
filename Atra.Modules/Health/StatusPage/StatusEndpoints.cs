using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Atra.Modules.Health.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Http;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.StatusPage;

/// <summary>
/// The public status page's JSON (fetched every few seconds by <c>wwwroot/js/status.js</c>):
/// <c>GET /status/summary</c> (health, latest signals, performance, the ML model's card) and
/// <c>GET /status/candles?symbol=&amp;interval=</c> (candles with the signals to mark on them).
/// </summary>
internal static partial class StatusEndpoints
{
    public const int LatestSignals = 20;
    public const int PerformanceDays = 30;

    public static IEndpointRouteBuilder MapStatusData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/status").WithTags("status").AllowAnonymous().RequireRateLimiting(PublicEndpoints.RateLimitPolicy);
        group.MapGet("/summary", async (HealthService health, StatusReadModel signals, IStatusCandleSource candles, IMediator mediator, IOptions<HealthOptions> options, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(await SummaryAsync(health, signals, candles, mediator, options.Value, ct).ConfigureAwait(false));
        });
        group.MapGet("/candles", async (string? symbol, string? interval, int? limit, StatusReadModel signals, IStatusCandleSource candles, HttpContext http, CancellationToken ct) =>
        {
            var s = (symbol ?? string.Empty).Trim().ToUpperInvariant();
            if (!SymbolPattern().IsMatch(s))
            {
                throw AtraProblem.Validation("symbol", "symbol must be 2 to 20 letters or digits, e.g. BTCUSDT");
            }
            var i = string.IsNullOrWhiteSpace(interval) ? "1h" : interval.Trim();
            if (!CandleInterval.IsValid(i))
            {
                throw AtraProblem.Validation("interval", $"interval must be one of {string.Join(", ", CandleInterval.All)}");
            }
            var n = Math.Clamp(limit ?? 200, 10, 1000);
            var bars = await candles.RecentAsync(s, i, n, ct).ConfigureAwait(false);
            var from = bars.Count > 0 ? bars[0].OpenTimeMs : 0;
            var marks = await signals.ForSymbolAsync(s, i, from, ct).ConfigureAwait(false);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new CandlesAnswer(
                s,
                i,
                [.. bars.Select(b => new ChartCandle(b.OpenTimeMs / 1000, b.Open, b.High, b.Low, b.Close))],
                [.. marks.Select(m => new ChartSignal(m.Id, m.SignalTime / 1000, m.Side, m.EntryPrice, m.Status, m.Result))]));
        });
        return app;
    }

    public static async Task<SummaryAnswer> SummaryAsync(HealthService health, StatusReadModel signals, IStatusCandleSource candles, IMediator mediator, HealthOptions options, CancellationToken ct)
    {
        var report = await health.GetAsync(options.Interval * 2, HealthCheckContext.Service, ct).ConfigureAwait(false);
        var latest = await signals.LatestAsync(LatestSignals, ct).ConfigureAwait(false);
        var performance = await signals.PerformanceAsync(PerformanceDays, ct).ConfigureAwait(false);
        var symbols = (await candles.SymbolsAsync(ct).ConfigureAwait(false))
            .Concat(await signals.SymbolsAsync(ct).ConfigureAwait(false))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var model = await mediator.Send(new GetModelStatus(), ct).ConfigureAwait(false);
        return new SummaryAnswer(HealthReportJson.ToJson(report.ForPublic()), latest, performance, symbols, model);
    }

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    private static partial Regex SymbolPattern();

    internal sealed record SummaryAnswer(JsonObject Health, IReadOnlyList<StatusSignal> Signals, StatusPerformance Performance, IReadOnlyList<string> Symbols, ModelStatus Model);

    internal sealed record CandlesAnswer(string Symbol, string Interval, IReadOnlyList<ChartCandle> Candles, IReadOnlyList<ChartSignal> Signals);

    /// <summary>Times in Unix seconds: lightweight-charts' UTCTimestamp.</summary>
    internal sealed record ChartCandle(long Time, double Open, double High, double Low, double Close);

    internal sealed record ChartSignal(long Id, long Time, string Side, string EntryPrice, string Status, string? Result);
}
