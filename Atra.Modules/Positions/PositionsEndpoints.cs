using System.Security.Claims;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Shared.Errors;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Atra.Modules.Positions;

/// <summary>
/// <c>/api/positions</c> and <c>/api/stats</c>: a user's own positions and statistics (an admin may name any user
/// with <c>user_id</c>). Another user's position answers 404, like a missing one. An adapter only.
/// </summary>
internal static class PositionsEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/positions").WithTags("positions").RequireUser()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListPositions")
            .WithSummary("Your positions, newest first")
            .WithDescription("Filters: status (open|closed); paging: limit (1–200, default 50) and before_id (the previous page's next_before_id); admins: user_id.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetPosition").WithSummary("One of your positions with its transactions");
        group.MapPost("/", OpenAsync).WithName("OpenPosition")
            .WithSummary("Accept a signal: open a position sized for your settings")
            .WithDescription("201 with the new position; 200 with the existing one when you already accepted this signal (safe to retry); 404 unknown signal; 409 the signal is past TP1 or closed; 400 it cannot be sized for your settings (the detail says why).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/close", CloseAsync).WithName("ClosePosition")
            .WithSummary("Close one of your open positions at the last known price")
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/stats", StatsAsync).WithTags("positions").RequireUser().WithName("GetStats")
            .WithSummary("Win rate, average profit, Sharpe and PnL per symbol and UTC day")
            .WithDescription("scope: user (default: your positions; admins may pass user_id) or signals (every broadcast signal); from and to: UTC days (yyyy-MM-dd, inclusive); symbol.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<PositionPage>> ListAsync(
        ClaimsPrincipal principal,
        IMediator mediator,
        CancellationToken ct,
        string? status = null,
        int limit = 50,
        [FromQuery(Name = "before_id")] long? beforeId = null,
        [FromQuery(Name = "user_id")] long? userId = null)
    {
        var owner = Owner(principal, userId);
        return TypedResults.Ok(await mediator.Send(new ListPositionsQuery(owner, status, limit, beforeId), ct).ConfigureAwait(false));
    }

    private static async Task<Ok<PositionDto>> GetAsync(long id, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var position = await mediator.Send(new GetPositionQuery(id), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound($"Position {id}");
        principal.EnsureCanSee(position.UserId, $"Position {id}");
        return TypedResults.Ok(position);
    }

    private static async Task<Results<Created<PositionDto>, Ok<PositionDto>>> OpenAsync(OpenPositionBody body, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        if (body?.SignalId is not { } signalId || signalId <= 0)
        {
            throw AtraProblem.Validation("signal_id", "signal_id: a positive signal id is required.");
        }
        var result = await mediator.Send(new OpenPositionCommand(principal.GetUserId(), signalId), ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            OpenPositionOutcome.Opened => TypedResults.Created($"/api/positions/{result.Position!.Id}", result.Position),
            OpenPositionOutcome.AlreadyOpen => TypedResults.Ok(result.Position!),
            OpenPositionOutcome.SignalNotOpen => throw AtraProblem.Conflict($"Signal {signalId} is no longer open ({result.Reason})."),
            OpenPositionOutcome.PriceMoved => throw AtraProblem.Conflict($"Signal {signalId} can no longer be accepted: the price has moved {result.Reason?["price_moved:".Length..]}% against it (Positions:MaxAcceptAdverseMovePct)."),
            OpenPositionOutcome.NotSized => throw AtraProblem.Validation("signal_id", $"The signal cannot be sized for your settings: {result.Reason}."),
            _ => throw AtraProblem.NotFound($"Signal {signalId}"),
        };
    }

    private static async Task<Ok<PositionDto>> CloseAsync(long id, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        // Admins close only their own: closing someone else's trade is not an admin task.
        var result = await mediator.Send(new ClosePositionCommand(principal.GetUserId(), id), ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            ClosePositionOutcome.Closed => TypedResults.Ok(result.Position!),
            ClosePositionOutcome.AlreadyClosed => throw AtraProblem.Conflict($"Position {id} is already closed."),
            _ => throw AtraProblem.NotFound($"Position {id}"),
        };
    }

    private static async Task<Ok<StatisticsDto>> StatsAsync(
        ClaimsPrincipal principal,
        IMediator mediator,
        CancellationToken ct,
        string? scope = null,
        DateOnly? from = null,
        DateOnly? to = null,
        string? symbol = null,
        [FromQuery(Name = "user_id")] long? userId = null)
    {
        long? owner = scope switch
        {
            null or "user" => Owner(principal, userId),
            "signals" when userId is null => null,
            "signals" => throw AtraProblem.Validation("user_id", "user_id: not with scope=signals."),
            _ => throw AtraProblem.Validation("scope", "scope: must be user or signals."),
        };
        return TypedResults.Ok(await mediator.Send(new GetStatisticsQuery(owner, symbol, from, to), ct).ConfigureAwait(false));
    }

    /// <summary>The caller, or the named user for an admin; another user's id answers 404 to a non-admin.</summary>
    private static long Owner(ClaimsPrincipal principal, long? userId)
    {
        if (userId is not { } id)
        {
            return principal.GetUserId();
        }
        principal.EnsureCanSee(id, $"User {id}");
        return id;
    }
}
