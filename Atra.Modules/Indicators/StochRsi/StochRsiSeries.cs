namespace Atra.Modules.Indicators.StochRsi;

/// <summary>
/// The whole-series form: TA-Lib STOCH applied to an RSI series that is NaN during its warm-up (the STOCH starts
/// at the first defined RSI, as TA-Lib's callers pass it the defined part).
/// </summary>
internal static class StochRsiSeries
{
    public static void Compute(ReadOnlySpan<double> rsi, int fastK, int slowK, int slowD, Span<double> k, Span<double> d)
    {
        var state = new StochState(fastK, slowK, slowD);
        for (var i = 0; i < rsi.Length; i++)
        {
            if (double.IsNaN(rsi[i]))
            {
                k[i] = d[i] = double.NaN;
                continue;
            }
            state.Update(rsi[i], out k[i], out d[i]);
        }
    }
}
