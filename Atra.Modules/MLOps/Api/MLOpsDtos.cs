using System.Text.Json;
using System.Text.Json.Serialization;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Training;

namespace Atra.Modules.MLOps.Api;

/// <summary><c>GET /api/mlops/models</c>: the aliases, every version with its figures, and the latest audit entries.</summary>
internal sealed record ModelsAnswer(
    [property: JsonPropertyName("champion")] int? Champion,
    [property: JsonPropertyName("challenger")] int? Challenger,
    [property: JsonPropertyName("previous")] int? Previous,
    [property: JsonPropertyName("serving")] int? Serving,
    [property: JsonPropertyName("load_error")] string? LoadError,
    [property: JsonPropertyName("versions")] IReadOnlyList<VersionSummary> Versions,
    [property: JsonPropertyName("audit")] IReadOnlyList<AuditEntry> Audit);

internal sealed record VersionSummary(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("rows_hash")] string RowsHash,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("metrics")] CandidateReport? Metrics,
    [property: JsonPropertyName("signal_quality")] SignalQuality? Quality,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases);

/// <summary>The 202 answer of <c>POST /api/mlops/retrain</c>; poll <c>GET /api/mlops/retrain/{id}</c>.</summary>
internal sealed record RetrainAccepted([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("status")] string Status);

/// <summary>A retrain job: status, the latest progress line while running, the outcome (as <c>--json</c>) or the error.</summary>
internal sealed record RetrainJobAnswer(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("progress")] string? Progress,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("result")] JsonElement? Result);

/// <summary>The body of <c>POST /api/mlops/promote</c> (version required) and <c>/rollback</c> (version optional: the previous champion).</summary>
internal sealed record VersionRequest([property: JsonPropertyName("version")] int? Version);
