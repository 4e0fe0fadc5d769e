using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// A family's settings. Fixed, small and strongly regularised (shallow trees, many rows per leaf): a few hundred to a
/// few thousand signals cannot support a search over settings without tuning on the evaluation window.
/// </summary>
internal sealed record HyperParameters(
    [property: JsonPropertyName("trees")] int Trees,
    [property: JsonPropertyName("leaves")] int Leaves,
    [property: JsonPropertyName("min_rows_per_leaf")] int MinRowsPerLeaf,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("feature_fraction")] double FeatureFraction)
{
    public static HyperParameters For(string trainer) => trainer switch
    {
        TrainerNames.FastForest => new(200, 16, 20, 0, 0.7),
        TrainerNames.FastTree => new(100, 8, 20, 0.05, 0.8),
        TrainerNames.LightGbm => new(100, 8, 20, 0.05, 0.8),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
    };
}

internal static class TrainerNames
{
    public const string FastForest = "FastForest";
    public const string FastTree = "FastTree";
    public const string LightGbm = "LightGbm";

    public static readonly string[] All = [FastForest, FastTree, LightGbm];
}
