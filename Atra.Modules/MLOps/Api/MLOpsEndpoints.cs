using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Signals.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Atra.Modules.MLOps.Api;

/// <summary><c>/api/mlops</c> (admins): the registry, the latest drift check, background retrains, promote and rollback.</summary>
internal static class MLOpsEndpoints
{
    private const int MaxQueuedJobs = 3;
    private const int AuditShown = 100;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/mlops").WithTags("mlops").RequireAdmin().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/models", Models).WithName("ListModels")
            .WithSummary("Model versions, the aliases (champion, challenger, previous), their figures and the audit log's latest entries");
        group.MapGet("/drift", Drift).WithName("GetDrift")
            .WithSummary("The latest drift check: per feature KS statistic and p-value, PSI, sample sizes, verdict; concept drift")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/retrain", RetrainAsync).WithName("StartRetrain")
            .WithSummary("Retrain in the background: train, register as challenger, gate, promote if it passes")
            .WithDescription("Empty body: the database's closed signals. interval, symbols, from, to: a backtest of the candle files in Backtest:DataFolder, validated as POST /api/backtests. 429 while 3 retrains wait or run.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/retrain/{id:long}", GetRetrainAsync).WithName("GetRetrain")
            .WithSummary("A retrain's status, its latest progress line and, when done, its outcome")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/promote", Promote).WithName("PromoteModel")
            .WithSummary("Make a version champion through the promotion gate (409 with the reason when the gate refuses)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/rollback", Rollback).WithName("RollbackModel")
            .WithSummary("Serve an earlier champion again, at once (no restart); without a version, the previous champion");
        return app;
    }

    private static Ok<ModelsAnswer> Models(ModelRegistry registry, ChampionModel serving)
    {
        var aliases = registry.ReadAliases();
        var versions = registry.List().Select(c => new VersionSummary(
            c.Version, c.CreatedAt, c.Trainer, c.Fingerprint, c.Rows.Count, c.Rows.Hash, c.Rows.Source, c.Chosen, c.Quality, AliasNames(aliases, c.Version))).ToList();
        var audit = registry.Audit();
        return TypedResults.Ok(new ModelsAnswer(aliases.Champion, aliases.Challenger, aliases.Previous, serving.Card?.Version, serving.LoadError,
            versions, [.. audit.Skip(Math.Max(0, audit.Count - AuditShown))]));
    }

    private static Ok<DriftReport> Drift(ModelRegistry registry) =>
        TypedResults.Ok(registry.ReadDocument<DriftReport>(MLOpsPipeline.DriftFile) ?? throw AtraProblem.NotFound("A drift check"));

    private static async Task<Accepted<RetrainAccepted>> RetrainAsync(
        HttpRequest http, ClaimsPrincipal user, MLOpsJobStore store, MLOpsJobWorker worker, ISignalStrategy strategy, IConfiguration configuration, CancellationToken ct)
    {
        // An empty body is the common case (train on the database), so the body is optional.
        RetrainRequest? request = null;
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                request = await JsonSerializer.DeserializeAsync<RetrainRequest>(http.Body, ModelRegistry.Json, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new AtraProblem(400, "Invalid input", $"The body is not a retrain request: {ex.Message}");
            }
        }
        string? stored = null;
        if (request is { FromCandleFiles: true })
        {
            var interval = request.Interval ?? strategy.Interval;
            var (symbols, errors) = BacktestSelection.Validate(interval, request.Symbols, request.From, request.To,
                BacktestSelection.ResolveFolder(configuration["Backtest:DataFolder"]));
            if (errors.Count > 0)
            {
                throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
            }
            stored = JsonSerializer.Serialize(request with { Interval = interval, Symbols = symbols }, ModelRegistry.Json);
        }
        if (await store.ActiveCountAsync(ct).ConfigureAwait(false) >= MaxQueuedJobs)
        {
            throw new AtraProblem(429, "Too many retrains", $"{MaxQueuedJobs} retrains are already waiting or running; try again when one is done.");
        }
        var id = await store.InsertAsync(stored, user.GetUserId(), ct).ConfigureAwait(false);
        worker.Enqueue(id);
        return TypedResults.Accepted($"/api/mlops/retrain/{id.ToString(CultureInfo.InvariantCulture)}", new RetrainAccepted(id, "queued"));
    }

    private static async Task<Ok<RetrainJobAnswer>> GetRetrainAsync(long id, MLOpsJobStore store, MLOpsJobWorker worker, CancellationToken ct)
    {
        var job = await store.GetAsync(id, ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound($"Retrain {id}");
        JsonElement? result = null;
        if (job.Result is not null)
        {
            using var document = JsonDocument.Parse(job.Result);
            result = document.RootElement.Clone();
        }
        return TypedResults.Ok(new RetrainJobAnswer(job.Id, job.Status, job.Status == "running" ? worker.ProgressOf(id) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(job.CreatedAt), Time(job.StartedAt), Time(job.FinishedAt), job.Error, result));
    }

    private static Ok<AliasOutcome> Promote(VersionRequest body, ClaimsPrincipal user, MLOpsPipeline pipeline)
    {
        if (body.Version is not { } version || version < 1)
        {
            throw AtraProblem.Validation("version", "version: the registry version to promote (1 or more).");
        }
        var outcome = Guarded(() => pipeline.Promote(version, Actor(user)));
        return outcome.Changed || outcome.Champion == version ? TypedResults.Ok(outcome) : throw AtraProblem.Conflict(outcome.Reason);
    }

    private static Ok<AliasOutcome> Rollback(VersionRequest? body, ClaimsPrincipal user, MLOpsPipeline pipeline)
    {
        if (body?.Version is < 1)
        {
            throw AtraProblem.Validation("version", "version: an earlier champion's version (1 or more), or none for the previous champion.");
        }
        return TypedResults.Ok(Guarded(() => pipeline.Rollback(body?.Version, Actor(user))));
    }

    private static T Guarded<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (MLOpsInputException ex)
        {
            throw new AtraProblem(400, "Invalid input", ex.Message);
        }
    }

    private static string Actor(ClaimsPrincipal user) => $"api:user {user.GetUserId().ToString(CultureInfo.InvariantCulture)}";

    private static string[] AliasNames(Aliases a, int version)
    {
        var names = new List<string>(3);
        if (a.Champion == version)
        {
            names.Add("champion");
        }
        if (a.Challenger == version)
        {
            names.Add("challenger");
        }
        if (a.Previous == version)
        {
            names.Add("previous");
        }
        return [.. names];
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
