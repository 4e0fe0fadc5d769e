namespace Atra.Modules.MLOps.Drift;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test, two-sided, as scipy's <c>ks_2samp</c> (method 'auto') computes it:
/// D = max |F₁(x) − F₂(x)| over every sample value (ties handled by evaluating both empirical CDFs at each value);
/// the p-value exact while neither sample exceeds 10,000 values (the share of lattice paths from (0,0) to (n₁,n₂)
/// that leave the band |i/n₁ − j/n₂| &lt; D, counted in integer units of 1/lcm(n₁,n₂) as scipy does), else Smirnov's
/// limit with Stephens' small-sample correction.
/// </summary>
internal static class KolmogorovSmirnov
{
    public const int MaxExactN = 10_000;

    public static (double Statistic, double PValue) Test(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return (double.NaN, double.NaN);
        }
        var x = (double[])a.Clone();
        var y = (double[])b.Clone();
        Array.Sort(x);
        Array.Sort(y);
        var d = Statistic(x, y);
        return (d, PValue(d, x.Length, y.Length));
    }

    /// <summary>D over sorted samples.</summary>
    public static double Statistic(double[] x, double[] y)
    {
        int n1 = x.Length, n2 = y.Length, i = 0, j = 0;
        double d = 0;
        while (i < n1 && j < n2)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < n1 && x[i] <= v)
            {
                i++;
            }
            while (j < n2 && y[j] <= v)
            {
                j++;
            }
            d = Math.Max(d, Math.Abs(((double)i / n1) - ((double)j / n2)));
        }
        return d;
    }

    public static double PValue(double d, int n1, int n2)
    {
        if (Math.Max(n1, n2) <= MaxExactN)
        {
            return Exact(d, n1, n2);
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = Math.Round(m * n / (m + n));
        var sqrtEn = Math.Sqrt(en);
        return Kolmogorov((sqrtEn + 0.12 + (0.11 / sqrtEn)) * d);
    }

    /// <summary>P(D ≥ d) under the null, by the normalised lattice-path recursion (Hodges): O(n₁·n₂) time, O(n₂) memory.</summary>
    private static double Exact(double d, int n1, int n2)
    {
        var g = (int)Gcd(n1, n2);
        long n1g = n1 / g, n2g = n2 / g;
        var lcm = n1g * n2;
        var h = (long)Math.Round(d * lcm);
        if (h == 0)
        {
            return 1.0;
        }
        // inside(i, j) ⇔ |i·n2g − j·n1g| < h; A(i, j) = share of paths to (i, j) that stayed inside.
        var row = new double[n2 + 1];
        row[0] = 1;
        for (var j = 1; j <= n2; j++)
        {
            row[j] = Math.Abs(-j * n1g) < h ? row[j - 1] : 0;
        }
        for (var i = 1; i <= n1; i++)
        {
            var left = Math.Abs(i * n2g) < h ? row[0] : 0; // from (i-1, 0) only
            row[0] = left;
            for (var j = 1; j <= n2; j++)
            {
                if (Math.Abs((i * n2g) - (j * n1g)) < h)
                {
                    var total = (double)(i + j);
                    row[j] = (i / total * row[j]) + (j / total * row[j - 1]);
                }
                else
                {
                    row[j] = 0;
                }
            }
        }
        return Math.Clamp(1 - row[n2], 0, 1);
    }

    /// <summary>Kolmogorov's limiting survival function Q(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²).</summary>
    private static double Kolmogorov(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2 * k * k * lambda * lambda);
            sum += sign * term;
            sign = -sign;
            if (term < 1e-16)
            {
                break;
            }
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}
