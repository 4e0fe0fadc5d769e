using System.Text.Json.Serialization;
using Mediator;

namespace Atra.Modules.MLOps.Contracts;

/// <summary>The serving champion and the latest drift check, for the public status page (no paths, no error texts).</summary>
public sealed record GetModelStatus : IRequest<ModelStatus>;

/// <summary>
/// What the status page shows of the ML filter: the champion (null fields when none serves), its age and
/// out-of-sample figures, and the latest drift check. <see cref="Lines"/> is the card's text, written once here for
/// both the server-rendered page and its script.
/// </summary>
public sealed record ModelStatus(
    [property: JsonPropertyName("serving")] bool Serving,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("trainer")] string? Trainer,
    [property: JsonPropertyName("trained_at")] DateTimeOffset? TrainedAt,
    [property: JsonPropertyName("age_days")] double? AgeDays,
    [property: JsonPropertyName("rows")] int? Rows,
    [property: JsonPropertyName("log_loss")] double? LogLoss,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("brier")] double? Brier,
    [property: JsonPropertyName("kept_share")] double? KeptShare,
    [property: JsonPropertyName("profit_factor_ratio")] double? ProfitFactorRatio,
    [property: JsonPropertyName("drift_checked_at")] DateTimeOffset? DriftCheckedAt,
    [property: JsonPropertyName("drift")] bool? Drift,
    [property: JsonPropertyName("drifted_features")] IReadOnlyList<string> DriftedFeatures,
    [property: JsonPropertyName("lines")] IReadOnlyList<string> Lines);
