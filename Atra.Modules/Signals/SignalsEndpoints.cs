using Atra.Modules.Auth.Contracts;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Http;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Queries;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals;

/// <summary><c>/api/signals</c>: the broadcast signals with their outcomes, for any signed-in user. An adapter only.</summary>
internal static class SignalsEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/signals").WithTags("signals").RequireUser()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListAsync).WithName("ListSignals").Produces<SignalPage>(StatusCodes.Status200OK)
            .WithSummary("Signals, newest first")
            .WithDescription("Filters: symbol, side (long|short), status (open|tp1_hit|closed), from and to (signal time, ISO 8601); paging: limit (1–200, default 50) and before_id (the previous page's next_before_id).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetSignal").WithSummary("One signal").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    // The page is served as the bytes SignalPageCache keeps (serialized once per change of the signals), which is
    // what lets this endpoint run near a bare endpoint's throughput; a miss goes through the ListSignals query.
    private static async Task<IResult> ListAsync(
        IMediator mediator,
        SignalPageCache cache,
        IOptions<HttpJsonOptions> json,
        CancellationToken ct,
        string? symbol = null,
        string? side = null,
        string? status = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        int limit = 50,
        [FromQuery(Name = "before_id")] long? beforeId = null)
    {
        var query = new ListSignals(symbol, side, status, from, to, limit, beforeId);
        if (!cache.TryGet(query, out var body))
        {
            var version = cache.Version;
            var page = await mediator.Send(query, ct).ConfigureAwait(false);
            body = cache.Add(query, version, page, json.Value.SerializerOptions);
        }
        return new JsonBytesResult(body);
    }

    private static async Task<Ok<SignalDto>> GetAsync(long id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetSignal(id), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound($"Signal {id}"));
}
