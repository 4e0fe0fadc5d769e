namespace Atra.Modules.Indicators.Rsi;

/// <summary>The whole-series form of <see cref="RsiState"/>.</summary>
internal static class RsiSeries
{
    public static void Compute(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        var state = new RsiState(period);
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = state.Update(input[i]);
        }
    }
}
