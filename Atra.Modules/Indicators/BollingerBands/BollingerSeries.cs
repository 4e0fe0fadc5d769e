namespace Atra.Modules.Indicators.BollingerBands;

/// <summary>The whole-series form of <see cref="BollingerState"/>.</summary>
internal static class BollingerSeries
{
    public static void Compute(ReadOnlySpan<double> input, int period, double deviations, Span<double> upper, Span<double> middle, Span<double> lower, Span<double> position)
    {
        var state = new BollingerState(period, deviations);
        for (var i = 0; i < input.Length; i++)
        {
            var trailing = i >= period - 1 ? input[i - (period - 1)] : 0.0;
            state.Update(input[i], trailing, out upper[i], out middle[i], out lower[i], out position[i]);
        }
    }
}
