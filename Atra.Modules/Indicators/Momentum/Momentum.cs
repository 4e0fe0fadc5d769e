using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.Momentum;

/// <summary>
/// <c>close / close[h] − 1</c>. Stateless given the close h rows back, which the whole-series form reads from the
/// array and the streaming form from its ring of closes; h = 0 means undefined for this interval.
/// </summary>
internal static class Momentum
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(double close, double closeBack) => (close / closeBack) - 1.0;

    /// <summary>The whole-series form: NaN for the first h rows, or everywhere when <paramref name="rowsBack"/> is 0.</summary>
    public static void Compute(ReadOnlySpan<double> close, int rowsBack, Span<double> output)
    {
        for (var i = 0; i < close.Length; i++)
        {
            output[i] = rowsBack > 0 && i >= rowsBack ? Value(close[i], close[i - rowsBack]) : double.NaN;
        }
    }
}
