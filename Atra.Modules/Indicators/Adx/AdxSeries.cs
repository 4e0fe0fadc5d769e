namespace Atra.Modules.Indicators.Adx;

/// <summary>The whole-series form of <see cref="AdxState"/>.</summary>
internal static class AdxSeries
{
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period, Span<double> output)
    {
        var state = new AdxState(period);
        for (var i = 0; i < close.Length; i++)
        {
            output[i] = state.Update(high[i], low[i], close[i]);
        }
    }
}
