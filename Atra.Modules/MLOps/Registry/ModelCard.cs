using System.Text.Json.Serialization;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Training;

namespace Atra.Modules.MLOps.Registry;

/// <summary>
/// Everything the registry records of a version (<c>versions/NNNNNN/card.json</c>): what it was trained on (rows'
/// hash, count and time range, source), how (trainer, hyper-parameters, seed, ML.NET version, folds, embargo, schema),
/// how well (every candidate's out-of-fold figures, a 10-bin reliability table, permutation importance, the signal
/// quality), how it answers (calibrator, feature statistics) and its identity (fingerprint, the zip's SHA-256).
/// </summary>
internal sealed class ModelCard
{
    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("trainer")]
    public string Trainer { get; init; } = "";

    [JsonPropertyName("hyper_parameters")]
    public HyperParameters HyperParameters { get; init; } = HyperParameters.For(TrainerNames.FastTree);

    [JsonPropertyName("seed")]
    public int Seed { get; init; }

    [JsonPropertyName("mlnet_version")]
    public string MlNetVersion { get; init; } = "";

    [JsonPropertyName("schema_hash")]
    public string SchemaHash { get; init; } = "";

    [JsonPropertyName("features")]
    public IReadOnlyList<string> Features { get; init; } = [];

    [JsonPropertyName("rows")]
    public RowsInfo Rows { get; init; } = new();

    [JsonPropertyName("folds")]
    public int Folds { get; init; }

    [JsonPropertyName("embargo")]
    public TimeSpan Embargo { get; init; }

    [JsonPropertyName("candidates")]
    public IReadOnlyList<CandidateReport> Candidates { get; init; } = [];

    [JsonPropertyName("chosen")]
    public CandidateReport? Chosen { get; init; }

    [JsonPropertyName("reliability")]
    public IReadOnlyList<ReliabilityBin> Reliability { get; init; } = [];

    [JsonPropertyName("importance")]
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];

    [JsonPropertyName("signal_quality")]
    public SignalQuality? Quality { get; init; }

    [JsonPropertyName("calibrator")]
    public Calibrator Calibrator { get; init; } = new();

    [JsonPropertyName("feature_stats")]
    public FeatureStats FeatureStats { get; init; } = new();

    [JsonPropertyName("fingerprint")]
    public string Fingerprint { get; init; } = "";

    [JsonPropertyName("zip_sha256")]
    public string ZipSha256 { get; set; } = "";

    /// <summary>The latest outcome a training row had: every row signalled after it is out of this model's sample.</summary>
    [JsonIgnore]
    public long TrainedThroughMs => Rows.LastExitMs ?? long.MinValue;

    /// <summary>The package version (ML.NET keeps its assembly version at 1.0.0).</summary>
    public static string CurrentMlNetVersion { get; } =
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Microsoft.ML.MLContext).Assembly)
            ?.InformationalVersion ?? "unknown").Split('+')[0];

    public static string CurrentSchemaHash => FeatureSchema.Hash;
}

/// <summary>The training rows: source, hash, count, time range and the window they were cut from.</summary>
internal sealed class RowsInfo
{
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("hash")]
    public string Hash { get; init; } = "";

    [JsonPropertyName("count")]
    public int Count { get; init; }

    [JsonPropertyName("first_signal_ms")]
    public long? FirstSignalMs { get; init; }

    [JsonPropertyName("last_exit_ms")]
    public long? LastExitMs { get; init; }

    [JsonPropertyName("window_from_ms")]
    public long? WindowFromMs { get; init; }

    [JsonPropertyName("window_to_ms")]
    public long? WindowToMs { get; init; }
}
