using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.Shared;

/// <summary>
/// TA-Lib 0.4's numeric conventions. The reference values come from TA-Lib, and matching them to 1e-9 needs its
/// exact operation order and its zero tests, so every indicator uses these rather than its own epsilon.
/// </summary>
internal static class TaLib
{
    /// <summary>TA_EPSILON: TA-Lib treats |v| below this as zero (RSI, ADX) or as no variance (BBANDS).</summary>
    public const double Epsilon = 0.00000000000001;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(double v) => -Epsilon < v && v < Epsilon;

    /// <summary>TRANGE: the largest of high−low, |prevClose−high|, |prevClose−low| (TA-Lib's order of comparison).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TrueRange(double high, double low, double prevClose)
    {
        var greatest = high - low;
        var v2 = Math.Abs(prevClose - high);
        if (v2 > greatest)
        {
            greatest = v2;
        }
        var v3 = Math.Abs(prevClose - low);
        if (v3 > greatest)
        {
            greatest = v3;
        }
        return greatest;
    }
}
