using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Rows;
using MathNet.Numerics.Distributions;

namespace Atra.Modules.MLOps.Drift;

/// <summary>Builds baselines from rows and compares current rows with one.</summary>
internal static class DriftDetector
{
    /// <summary>Fewer values than this on either side: the feature is reported but never called drifted.</summary>
    public const int MinSample = 10;

    public static Baseline BaselineOf(RowSet rows, DateTimeOffset now, long? fromMs, long? toMs) => new()
    {
        CreatedAt = now,
        Source = rows.Source,
        Rows = rows.Count,
        RowsHash = rows.Hash,
        SchemaHash = FeatureSchema.Hash,
        WindowFromMs = fromMs,
        WindowToMs = toMs,
        Features = Columns(rows.Rows),
    };

    public static Dictionary<string, double[]> Columns(IReadOnlyList<TrainingRow> rows)
    {
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var values = new List<double>(rows.Count);
            foreach (var r in rows)
            {
                if (!double.IsNaN(r.Features[j]))
                {
                    values.Add(r.Features[j]);
                }
            }
            columns[FeatureSchema.Names[j]] = [.. values];
        }
        return columns;
    }

    public static DriftReport Compare(Baseline baseline, RowSet current, double alpha, int conceptWindow, DateTimeOffset now)
    {
        var threshold = alpha / FeatureSchema.Count;
        var columns = Columns(current.Rows);
        var features = new Dictionary<string, FeatureDrift>(StringComparer.Ordinal);
        var any = false;
        foreach (var name in FeatureSchema.Names)
        {
            var reference = baseline.Features.TryGetValue(name, out var r) ? r : [];
            var now_ = columns[name];
            if (reference.Length == 0 || now_.Length == 0)
            {
                features[name] = new FeatureDrift(null, null, null, reference.Length, now_.Length, false);
                continue;
            }
            var (d, p) = KolmogorovSmirnov.Test(reference, now_);
            var drifted = reference.Length >= MinSample && now_.Length >= MinSample && p < threshold;
            any |= drifted;
            features[name] = new FeatureDrift(d, p, PopulationStability.Index(reference, now_), reference.Length, now_.Length, drifted);
        }
        var concept = Concept(current.Rows, conceptWindow, threshold);
        any |= concept?.Drifted == true;
        return new DriftReport(now, any, threshold, alpha, current.Source, current.Count, baseline.CreatedAt, features, concept);
    }

    /// <summary>The last <paramref name="window"/> rows that carry a model probability (filtered signals), by exit time.</summary>
    public static ConceptDrift? Concept(IReadOnlyList<TrainingRow> rows, int window, double threshold)
    {
        var scored = rows.Where(r => r.Closed && !double.IsNaN(r.MlProbability)).OrderBy(r => r.ExitTimeMs).ToList();
        if (scored.Count < DriftDetector.MinSample)
        {
            return null;
        }
        if (scored.Count > window)
        {
            scored = scored.GetRange(scored.Count - window, window);
        }
        double hits = 0, expected = 0, variance = 0;
        foreach (var r in scored)
        {
            hits += r.Win ? 1 : 0;
            expected += r.MlProbability;
            variance += r.MlProbability * (1 - r.MlProbability);
        }
        var z = variance > 0 ? (hits - expected) / Math.Sqrt(variance) : 0;
        var p = 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
        return new ConceptDrift(scored.Count, hits / scored.Count, expected / scored.Count, z, p, p < threshold);
    }
}
