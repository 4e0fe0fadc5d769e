using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Signals.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Backtest.Api;

/// <summary><c>/api/backtests</c> (admins): start a backtest in the background, then poll its status and results.</summary>
internal static class BacktestsEndpoints
{
    public const int DefaultTradesLimit = 100;
    public const int MaxTradesLimit = 1000;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/backtests").WithTags("backtests").RequireAdmin()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/", StartAsync).WithName("StartBacktest")
            .WithSummary("Start a backtest over the server's candle files (Backtest:DataFolder)")
            .WithDescription("Body: symbols (default every file of the interval), interval (default Signals:Interval), from and to (ISO 8601, to exclusive). Runs one at a time in start order; 429 when Backtest:MaxQueuedRuns are already waiting or running.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id:long}", GetAsync).WithName("GetBacktest")
            .WithSummary("A backtest's status, progress and, when done, its summary and a page of trades")
            .WithDescription("Paging of trades: trades_offset (default 0) and trades_limit (1–1000, default 100).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Accepted<BacktestAccepted>> StartAsync(
        BacktestStartRequest request, ClaimsPrincipal user, BacktestRunStore store, BacktestRunWorker worker,
        ISignalStrategy strategy, IOptions<BacktestApiOptions> options, CancellationToken ct)
    {
        var interval = request.Interval ?? strategy.Interval;
        var (names, errors) = BacktestSelection.Validate(interval, request.Symbols, request.From, request.To, BacktestSelection.ResolveFolder(options.Value.DataFolder));
        var symbols = names is null ? null : string.Join(',', names);
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        if (await store.ActiveCountAsync(ct).ConfigureAwait(false) >= options.Value.MaxQueuedRuns)
        {
            throw new AtraProblem(429, "Too many backtests", $"{options.Value.MaxQueuedRuns} backtests are already waiting or running; try again when one is done.");
        }

        var id = await store.InsertAsync(symbols, interval, request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds(), user.GetUserId(), ct).ConfigureAwait(false);
        worker.Enqueue(id);
        return TypedResults.Accepted($"/api/backtests/{id.ToString(CultureInfo.InvariantCulture)}", new BacktestAccepted(id, "queued"));
    }

    private static async Task<Ok<BacktestRunDto>> GetAsync(
        long id, BacktestRunStore store, BacktestRunWorker worker, CancellationToken ct,
        [FromQuery(Name = "trades_offset")] int tradesOffset = 0,
        [FromQuery(Name = "trades_limit")] int tradesLimit = DefaultTradesLimit)
    {
        if (tradesOffset < 0 || tradesLimit is < 1 or > MaxTradesLimit)
        {
            throw new AtraProblem(400, "Invalid input", $"trades_offset must be 0 or more and trades_limit between 1 and {MaxTradesLimit}.");
        }
        var run = await store.GetAsync(id, ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound($"Backtest {id}");
        var live = run.Status == "running" ? worker.ProgressOf(id) : null;
        var progress = run.Status switch
        {
            "done" => 1.0,
            "running" when live is { Total: > 0 } p => (double)p.Done / p.Total,
            _ => 0.0,
        };
        JsonElement? summary = null;
        BacktestTradesPage? trades = null;
        if (run.Summary is not null)
        {
            using var document = JsonDocument.Parse(run.Summary);
            summary = document.RootElement.Clone();
        }
        if (run.Trades is not null)
        {
            using var document = JsonDocument.Parse(run.Trades);
            var all = document.RootElement;
            var items = new List<JsonElement>();
            for (var i = tradesOffset; i < all.GetArrayLength() && items.Count < tradesLimit; i++)
            {
                items.Add(all[i].Clone());
            }
            trades = new BacktestTradesPage(all.GetArrayLength(), tradesOffset, tradesLimit, items);
        }
        return TypedResults.Ok(new BacktestRunDto(
            run.Id, run.Status, run.Symbols?.Split(',', StringSplitOptions.RemoveEmptyEntries), run.Interval,
            Time(run.FromMs), Time(run.ToMs), DateTimeOffset.FromUnixTimeMilliseconds(run.CreatedAt), Time(run.StartedAt), Time(run.FinishedAt),
            progress, live?.Message, run.Error, summary, trades));
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
