using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// Maps a trainer's raw score to a probability of a win. FastForest gives no probability and FastTree/LightGbm's
/// own are fitted on their training rows, so STRATEGY.md's thresholds (0.50, 0.58) only mean something after this:
/// Platt scaling (a logistic curve in the score), or isotonic regression (pool-adjacent-violators, a step function)
/// once there are enough calibration rows for a step function not to overfit.
/// </summary>
internal sealed class Calibrator
{
    public const int IsotonicMinRows = 1000;

    [JsonPropertyName("method")]
    public string Method { get; init; } = "platt";

    /// <summary>Platt: p = 1 / (1 + exp(a·s + b)).</summary>
    [JsonPropertyName("a")]
    public double A { get; init; }

    [JsonPropertyName("b")]
    public double B { get; init; }

    /// <summary>Isotonic: the upper score of each step and its probability (ascending).</summary>
    [JsonPropertyName("thresholds")]
    public double[]? Thresholds { get; init; }

    [JsonPropertyName("values")]
    public double[]? Values { get; init; }

    public double Probability(double score)
    {
        if (Method == "isotonic" && Thresholds is { Length: > 0 } t && Values is { } v)
        {
            var i = Array.BinarySearch(t, score);
            if (i < 0)
            {
                i = ~i;
            }
            return v[Math.Min(i, v.Length - 1)];
        }
        return 1.0 / (1.0 + Math.Exp((A * score) + B));
    }

    /// <summary>Platt below <see cref="IsotonicMinRows"/> rows, isotonic from there on.</summary>
    public static Calibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<double> profit) =>
        scores.Length >= IsotonicMinRows ? FitIsotonic(scores, profit) : FitPlatt(scores, profit);

    /// <summary>
    /// Platt's method with his smoothed targets ((N₊+1)/(N₊+2), 1/(N₋+2)), fitted by Newton's method with a
    /// backtracking line search (Lin, Lin and Weng's robust form). Deterministic.
    /// </summary>
    public static Calibrator FitPlatt(ReadOnlySpan<double> scores, ReadOnlySpan<double> profit)
    {
        var n = scores.Length;
        double prior1 = 0, prior0 = 0;
        for (var i = 0; i < n; i++)
        {
            if (profit[i] > 0)
            {
                prior1++;
            }
            else
            {
                prior0++;
            }
        }
        var hiTarget = (prior1 + 1) / (prior1 + 2);
        var loTarget = 1 / (prior0 + 2);
        var t = new double[n];
        for (var i = 0; i < n; i++)
        {
            t[i] = profit[i] > 0 ? hiTarget : loTarget;
        }
        double a = 0, b = Math.Log((prior0 + 1) / (prior1 + 1));
        const double minStep = 1e-10, sigma = 1e-12;
        var f = Objective(scores, t, a, b);
        for (var it = 0; it < 100; it++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < n; i++)
            {
                var fApB = (scores[i] * a) + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1 + Math.Exp(-fApB));
                    q = 1 / (1 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1 / (1 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1 + Math.Exp(fApB));
                }
                var d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }
            var det = (h11 * h22) - (h21 * h21);
            var dA = -((h22 * g1) - (h21 * g2)) / det;
            var dB = -((-h21 * g1) + (h11 * g2)) / det;
            var gd = (g1 * dA) + (g2 * dB);
            var step = 1.0;
            while (step >= minStep)
            {
                var na = a + (step * dA);
                var nb = b + (step * dB);
                var nf = Objective(scores, t, na, nb);
                if (nf < f + (0.0001 * step * gd))
                {
                    a = na;
                    b = nb;
                    f = nf;
                    break;
                }
                step /= 2;
            }
            if (step < minStep)
            {
                break;
            }
        }
        return new Calibrator { Method = "platt", A = a, B = b };
    }

    private static double Objective(ReadOnlySpan<double> s, double[] t, double a, double b)
    {
        var f = 0.0;
        for (var i = 0; i < s.Length; i++)
        {
            var fApB = (s[i] * a) + b;
            f += fApB >= 0 ? (t[i] * fApB) + Math.Log(1 + Math.Exp(-fApB)) : ((t[i] - 1) * fApB) + Math.Log(1 + Math.Exp(fApB));
        }
        return f;
    }

    /// <summary>Pool-adjacent-violators over the scores in ascending order; probabilities kept inside [0.001, 0.999].</summary>
    public static Calibrator FitIsotonic(ReadOnlySpan<double> scores, ReadOnlySpan<double> profit)
    {
        var n = scores.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var sums = new List<double>();
        var weights = new List<double>();
        var tops = new List<double>();
        for (var k = 0; k < n; k++)
        {
            sums.Add(profit[order[k]] > 0 ? 1 : 0);
            weights.Add(1);
            tops.Add(keys[k]);
            while (sums.Count > 1 && sums[^2] / weights[^2] >= sums[^1] / weights[^1])
            {
                sums[^2] += sums[^1];
                weights[^2] += weights[^1];
                tops[^2] = tops[^1];
                sums.RemoveAt(sums.Count - 1);
                weights.RemoveAt(weights.Count - 1);
                tops.RemoveAt(tops.Count - 1);
            }
        }
        var values = new double[sums.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(sums[i] / weights[i], 0.001, 0.999);
        }
        return new Calibrator { Method = "isotonic", Thresholds = [.. tops], Values = values };
    }
}
