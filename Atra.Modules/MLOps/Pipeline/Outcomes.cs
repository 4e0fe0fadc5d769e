using System.Text.Json.Serialization;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Training;

namespace Atra.Modules.MLOps.Pipeline;

/// <summary>
/// <c>--json</c> of <c>retrain</c>: the version (registered, or the one already trained on the same rows), its
/// fingerprint, every candidate's out-of-fold figures, the chosen family, whether it was promoted and why.
/// </summary>
internal sealed record RetrainOutcome(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("candidates")] IReadOnlyList<CandidateReport> Candidates,
    [property: JsonPropertyName("chosen")] string Chosen,
    [property: JsonPropertyName("promoted")] bool Promoted,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("rows_hash")] string RowsHash,
    [property: JsonPropertyName("signal_quality")] SignalQuality? Quality,
    [property: JsonPropertyName("new_version")] bool NewVersion,
    [property: JsonPropertyName("elapsed_ms")] long ElapsedMs);

/// <summary><c>--json</c> of <c>full</c>: the drift check (null without a baseline), whether and why it retrained, the retrain.</summary>
internal sealed record FullOutcome(
    [property: JsonPropertyName("drift")] bool Drift,
    [property: JsonPropertyName("drift_report")] DriftReport? DriftReport,
    [property: JsonPropertyName("retrained")] bool Retrained,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("retrain")] RetrainOutcome? Retrain);

/// <summary><c>--json</c> of <c>baseline</c>.</summary>
internal sealed record BaselineOutcome(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("rows_hash")] string RowsHash,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("features")] IReadOnlyDictionary<string, int> Features);

/// <summary><c>--json</c> of <c>promote</c> and <c>rollback</c>.</summary>
internal sealed record AliasOutcome(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("champion")] int? Champion,
    [property: JsonPropertyName("previous")] int? Previous,
    [property: JsonPropertyName("changed")] bool Changed,
    [property: JsonPropertyName("reason")] string Reason);
