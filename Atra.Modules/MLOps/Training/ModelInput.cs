using Atra.Modules.MLOps.Features;
using Microsoft.ML.Data;

namespace Atra.Modules.MLOps.Training;

// ML.NET binds public fields by name; one instance per pooled engine is reused for every prediction.
#pragma warning disable CA1051, CA1819

/// <summary>One row as ML.NET sees it: the imputed feature vector and the label (win).</summary>
internal sealed class ModelInput
{
    [VectorType(FeatureSchema.Count)]
    public float[] Features = new float[FeatureSchema.Count];

    public bool Label;
}

/// <summary>The trainer's raw score (the calibrator turns it into a probability).</summary>
internal sealed class ModelOutput
{
    public float Score;
}
