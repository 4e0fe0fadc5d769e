using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Drift;

/// <summary>
/// <c>baseline.json</c>: the reference sample drift is measured against, the feature values at signal time of the
/// baseline rows (one value per signal, never per candle: KS assumes independent draws), undefined ones dropped per
/// feature.
/// </summary>
internal sealed class Baseline
{
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("rows")]
    public int Rows { get; init; }

    [JsonPropertyName("rows_hash")]
    public string RowsHash { get; init; } = "";

    [JsonPropertyName("schema_hash")]
    public string SchemaHash { get; init; } = "";

    [JsonPropertyName("window_from_ms")]
    public long? WindowFromMs { get; init; }

    [JsonPropertyName("window_to_ms")]
    public long? WindowToMs { get; init; }

    [JsonPropertyName("features")]
    public Dictionary<string, double[]> Features { get; init; } = [];
}
