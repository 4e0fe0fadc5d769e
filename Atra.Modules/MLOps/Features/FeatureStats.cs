using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Features;

/// <summary>
/// What a model knows of its training rows per feature: the median (an undefined value is imputed with it) and the
/// range (a value outside it makes the probability an extrapolation: flagged, never strict).
/// </summary>
internal sealed class FeatureStats
{
    [JsonPropertyName("median")]
    public double[] Median { get; init; } = [];

    [JsonPropertyName("min")]
    public double[] Min { get; init; } = [];

    [JsonPropertyName("max")]
    public double[] Max { get; init; } = [];

    public static FeatureStats Of(IEnumerable<double[]> rows)
    {
        var columns = new List<double>[FeatureSchema.Count];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = [];
        }
        foreach (var r in rows)
        {
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                if (!double.IsNaN(r[j]))
                {
                    columns[j].Add(r[j]);
                }
            }
        }
        var median = new double[FeatureSchema.Count];
        var min = new double[FeatureSchema.Count];
        var max = new double[FeatureSchema.Count];
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var c = columns[j];
            c.Sort();
            median[j] = c.Count == 0 ? 0 : c.Count % 2 == 1 ? c[c.Count / 2] : (c[(c.Count / 2) - 1] + c[c.Count / 2]) / 2;
            min[j] = c.Count == 0 ? double.NegativeInfinity : c[0];
            max[j] = c.Count == 0 ? double.PositiveInfinity : c[^1];
        }
        return new FeatureStats { Median = median, Min = min, Max = max };
    }

    /// <summary>Writes the model's input (NaN imputed); true when every defined value lies inside the training range.</summary>
    public bool Impute(ReadOnlySpan<double> raw, Span<float> into)
    {
        var inRange = true;
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var v = raw[j];
            if (double.IsNaN(v))
            {
                into[j] = (float)Median[j];
                continue;
            }
            if (v < Min[j] || v > Max[j])
            {
                inRange = false;
            }
            into[j] = (float)v;
        }
        return inRange;
    }

    public float[] Impute(ReadOnlySpan<double> raw)
    {
        var v = new float[FeatureSchema.Count];
        Impute(raw, v);
        return v;
    }
}
