namespace Atra.Modules.MLOps.Drift;

/// <summary>
/// The population stability index of a current sample against a reference: ten bins cut at the reference's deciles
/// (equal edges merged, so a discrete feature gets one bin per value), PSI = Σ (c − r)·ln(c / r) over the bins'
/// shares, an empty bin counted as 0.0001. Rule of thumb: below 0.1 stable, 0.1–0.25 moving, above 0.25 shifted.
/// </summary>
internal static class PopulationStability
{
    private const double Floor = 1e-4;

    public static double Index(double[] reference, double[] current)
    {
        if (reference.Length == 0 || current.Length == 0)
        {
            return double.NaN;
        }
        var sorted = (double[])reference.Clone();
        Array.Sort(sorted);
        var edges = new List<double>(9);
        for (var q = 1; q < 10; q++)
        {
            var e = Quantile(sorted, q / 10.0);
            if (edges.Count == 0 || e > edges[^1])
            {
                edges.Add(e);
            }
        }
        var r = Shares(reference, edges);
        var c = Shares(current, edges);
        var psi = 0.0;
        for (var k = 0; k < r.Length; k++)
        {
            var rk = Math.Max(r[k], Floor);
            var ck = Math.Max(c[k], Floor);
            psi += (ck - rk) * Math.Log(ck / rk);
        }
        return psi;
    }

    private static double[] Shares(double[] values, List<double> edges)
    {
        var counts = new double[edges.Count + 1];
        foreach (var v in values)
        {
            var k = edges.BinarySearch(v);
            // Bin k holds (edge[k-1], edge[k]]: a value equal to an edge belongs to the bin it closes.
            counts[k >= 0 ? k : ~k]++;
        }
        for (var k = 0; k < counts.Length; k++)
        {
            counts[k] /= values.Length;
        }
        return counts;
    }

    /// <summary>Linear interpolation between order statistics (numpy's default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
