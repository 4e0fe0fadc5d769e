using Atra.Modules.MLOps.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// Fits one ML.NET family on rows and scores rows with it. Reproducible: an explicit seed for the context and the
/// trainer, one thread, LightGbm's deterministic mode. Features are imputed before ML.NET sees them (NaN → the
/// training rows' median), so every family treats an undefined value the same way.
/// </summary>
internal static class FamilyTrainer
{
    public static ITransformer Fit(MLContext ml, string trainer, HyperParameters hp, int seed, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels)
    {
        var data = ml.Data.LoadFromEnumerable(Inputs(features, labels));
        IEstimator<ITransformer> estimator = trainer switch
        {
            TrainerNames.FastForest => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                NumberOfTrees = hp.Trees,
                NumberOfLeaves = hp.Leaves,
                MinimumExampleCountPerLeaf = hp.MinRowsPerLeaf,
                FeatureFraction = hp.FeatureFraction,
                NumberOfThreads = 1,
                Seed = seed,
                FeatureSelectionSeed = seed,
            }),
            TrainerNames.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = hp.Trees,
                NumberOfLeaves = hp.Leaves,
                MinimumExampleCountPerLeaf = hp.MinRowsPerLeaf,
                LearningRate = hp.LearningRate,
                FeatureFraction = hp.FeatureFraction,
                NumberOfThreads = 1,
                Seed = seed,
                FeatureSelectionSeed = seed,
            }),
            TrainerNames.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = hp.Trees,
                NumberOfLeaves = hp.Leaves,
                MinimumExampleCountPerLeaf = hp.MinRowsPerLeaf,
                LearningRate = hp.LearningRate,
                NumberOfThreads = 1,
                Seed = seed,
                Deterministic = true,
                Silent = true,
                Booster = new GradientBooster.Options { FeatureFraction = hp.FeatureFraction },
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };
        return estimator.Fit(data);
    }

    /// <summary>Raw scores of many rows (one pass through the model).</summary>
    public static double[] Score(MLContext ml, ITransformer model, IReadOnlyList<float[]> features)
    {
        var data = ml.Data.LoadFromEnumerable(Inputs(features, null));
        var scored = model.Transform(data);
        var scores = new double[features.Count];
        var i = 0;
        foreach (var s in scored.GetColumn<float>("Score"))
        {
            scores[i++] = s;
        }
        return scores;
    }

    private static IEnumerable<ModelInput> Inputs(IReadOnlyList<float[]> features, IReadOnlyList<bool>? labels)
    {
        for (var i = 0; i < features.Count; i++)
        {
            yield return new ModelInput { Features = features[i], Label = labels?[i] ?? false };
        }
    }

    /// <summary>The schema a saved model is loaded with (the input row's).</summary>
    public static DataViewSchema InputSchema(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>()).Schema;
}
