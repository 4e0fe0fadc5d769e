namespace Atra.Modules.Indicators.Ema;

/// <summary>The whole-series form of <see cref="EmaState"/>.</summary>
internal static class EmaSeries
{
    public static void Compute(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        var state = new EmaState(period);
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = state.Update(input[i]);
        }
    }
}
