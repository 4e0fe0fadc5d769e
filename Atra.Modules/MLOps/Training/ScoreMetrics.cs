namespace Atra.Modules.MLOps.Training;

/// <summary>
/// The figures a candidate is judged by, over probabilities p and outcomes (win = profit &gt; 0): log loss, AUC
/// (Mann–Whitney, ties counted half), Brier, and at a threshold the share of signals kept (p ≥ t) and the profit
/// factor of the kept ones (Σ positive profit / |Σ negative profit|, as summary.json; null without a loss).
/// </summary>
internal static class ScoreMetrics
{
    private const double Eps = 1e-15;

    public static double LogLoss(ReadOnlySpan<double> p, ReadOnlySpan<double> profit)
    {
        if (p.Length == 0)
        {
            return double.NaN;
        }
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += PointLogLoss(p[i], profit[i] > 0);
        }
        return sum / p.Length;
    }

    public static double PointLogLoss(double p, bool win)
    {
        var q = Math.Clamp(p, Eps, 1 - Eps);
        return win ? -Math.Log(q) : -Math.Log(1 - q);
    }

    public static double Brier(ReadOnlySpan<double> p, ReadOnlySpan<double> profit)
    {
        if (p.Length == 0)
        {
            return double.NaN;
        }
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var d = p[i] - (profit[i] > 0 ? 1 : 0);
            sum += d * d;
        }
        return sum / p.Length;
    }

    /// <summary>Probability that a random win scores above a random loss; NaN without both.</summary>
    public static double Auc(ReadOnlySpan<double> score, ReadOnlySpan<double> profit)
    {
        var n = score.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }
        var keys = score.ToArray();
        Array.Sort(keys, order);
        double rankSumWins = 0;
        long wins = 0;
        var k = 0;
        while (k < n)
        {
            var end = k;
            while (end + 1 < n && keys[end + 1] == keys[k])
            {
                end++;
            }
            var rank = (k + end) / 2.0 + 1;
            for (var j = k; j <= end; j++)
            {
                if (profit[order[j]] > 0)
                {
                    rankSumWins += rank;
                    wins++;
                }
            }
            k = end + 1;
        }
        var losses = n - wins;
        if (wins == 0 || losses == 0)
        {
            return double.NaN;
        }
        return (rankSumWins - wins * (wins + 1) / 2.0) / ((double)wins * losses);
    }

    public static double KeptShare(ReadOnlySpan<double> p, double threshold)
    {
        if (p.Length == 0)
        {
            return double.NaN;
        }
        var kept = 0;
        foreach (var v in p)
        {
            if (v >= threshold)
            {
                kept++;
            }
        }
        return (double)kept / p.Length;
    }

    /// <summary>Profit factor of the rows with p ≥ threshold (every row with threshold −∞).</summary>
    public static double? ProfitFactor(ReadOnlySpan<double> p, ReadOnlySpan<double> profit, double threshold)
    {
        double win = 0, loss = 0;
        var any = false;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] >= threshold)
            {
                any = true;
                if (profit[i] > 0)
                {
                    win += profit[i];
                }
                else
                {
                    loss -= profit[i];
                }
            }
        }
        return !any || loss <= 0 ? null : win / loss;
    }

    /// <summary>As <see cref="ProfitFactor"/>, but +∞ when the kept rows won without a single loss (for comparisons).</summary>
    public static double? ProfitFactorForComparison(ReadOnlySpan<double> p, ReadOnlySpan<double> profit, double threshold)
    {
        if (ProfitFactor(p, profit, threshold) is { } pf)
        {
            return pf;
        }
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] >= threshold && profit[i] > 0)
            {
                return double.PositiveInfinity;
            }
        }
        return null;
    }
}
