namespace Atra.Modules.Signals.Strategy;

/// <summary>
/// STRATEGY.md "Anomaly score": robust z-scores (median/MAD × 1.4826) of candle i's one-candle return and volume
/// against the <c>window</c> candles before i; the larger of the two. Runs only for candidate signals.
/// </summary>
internal static class AnomalyScore
{
    /// <summary>
    /// <paramref name="close"/> and <paramref name="volume"/> end at candle i; <paramref name="rowsBefore"/> is i.
    /// NaN with fewer than <paramref name="window"/> earlier candles. The return of the very first candle of the
    /// data has no previous close; it is left out (so at i = window the return median is over window − 1 values).
    /// </summary>
    public static double Compute(ReadOnlySpan<double> close, ReadOnlySpan<double> volume, int rowsBefore, int window, double madScale)
    {
        if (rowsBefore < window || volume.Length < window + 1 || close.Length < 2)
        {
            return double.NaN;
        }
        var i = close.Length - 1;
        Span<double> buffer = window <= 512 ? stackalloc double[window] : new double[window];
        Span<double> scratch = window <= 512 ? stackalloc double[window] : new double[window];

        var n = 0;
        for (var j = i - window; j < i; j++)
        {
            if (j >= 1)
            {
                buffer[n++] = close[j] / close[j - 1] - 1;
            }
        }
        var zReturn = RobustZ(close[i] / close[i - 1] - 1, buffer[..n], scratch, madScale);

        n = 0;
        for (var j = i - window; j < i; j++)
        {
            buffer[n++] = volume[j];
        }
        var zVolume = RobustZ(volume[i], buffer[..n], scratch, madScale);
        return Math.Max(zReturn, zVolume);
    }

    private static double RobustZ(double x, Span<double> values, Span<double> scratch, double madScale)
    {
        if (values.Length == 0)
        {
            return 0;
        }
        values.Sort();
        var m = Median(values);
        var dev = scratch[..values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            dev[k] = Math.Abs(values[k] - m);
        }
        dev.Sort();
        var mad = Median(dev);
        return mad == 0 ? 0 : Math.Abs(x - m) / (madScale * mad);
    }

    private static double Median(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
