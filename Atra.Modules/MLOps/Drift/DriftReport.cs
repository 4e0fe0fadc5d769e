using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Drift;

/// <summary>
/// A drift check (<c>drift-latest.json</c>, <c>--json</c> of <c>atra mlops --action drift</c>, <c>GET /api/mlops/drift</c>):
/// per feature the KS statistic and p-value, PSI, sample sizes and the verdict at the Bonferroni threshold
/// (<c>MLOps:DriftAlpha</c> / number of features); and concept drift: the realised hit rate of recent filtered
/// signals against their mean predicted probability.
/// </summary>
internal sealed record DriftReport(
    [property: JsonPropertyName("checked_at")] DateTimeOffset CheckedAt,
    [property: JsonPropertyName("drift")] bool Drift,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("alpha")] double Alpha,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("baseline_created_at")] DateTimeOffset BaselineCreatedAt,
    [property: JsonPropertyName("features")] IReadOnlyDictionary<string, FeatureDrift> Features,
    [property: JsonPropertyName("concept")] ConceptDrift? Concept);

internal sealed record FeatureDrift(
    [property: JsonPropertyName("statistic")] double? Statistic,
    [property: JsonPropertyName("p_value")] double? PValue,
    [property: JsonPropertyName("psi")] double? Psi,
    [property: JsonPropertyName("n_reference")] int NReference,
    [property: JsonPropertyName("n_current")] int NCurrent,
    [property: JsonPropertyName("drifted")] bool Drifted);

/// <summary>
/// Hits among the last filtered signals against the sum of their predicted probabilities: z = (hits − Σp) / √Σp(1−p),
/// two-sided normal p-value; drift when below the same Bonferroni threshold.
/// </summary>
internal sealed record ConceptDrift(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("hit_rate")] double HitRate,
    [property: JsonPropertyName("mean_predicted")] double MeanPredicted,
    [property: JsonPropertyName("z")] double Z,
    [property: JsonPropertyName("p_value")] double PValue,
    [property: JsonPropertyName("drifted")] bool Drifted);
