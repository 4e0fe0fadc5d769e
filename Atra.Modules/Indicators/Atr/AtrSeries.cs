namespace Atra.Modules.Indicators.Atr;

/// <summary>The whole-series form of <see cref="AtrState"/>.</summary>
internal static class AtrSeries
{
    public static void Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period, Span<double> output)
    {
        var state = new AtrState(period);
        for (var i = 0; i < close.Length; i++)
        {
            output[i] = state.Update(high[i], low[i], close[i]);
        }
    }
}
