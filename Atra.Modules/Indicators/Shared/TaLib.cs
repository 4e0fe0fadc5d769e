using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static double TrueRange(double high, double low, double prevClose) =>
        // TA-Lib picks the largest with branches; a max picks the same value without a mispredicted branch.
        double.MaxNative(double.MaxNative(high - low, Math.Abs(prevClose - high)), Math.Abs(prevClose - low));

    /// <summary>x when x &gt; 0, else +0: adding it leaves a sum bit for bit as TA-Lib's "if (x &gt; 0) sum += x".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Positive(double x) => double.MaxNative(x, 0.0);

    /// <summary><paramref name="x"/> when x &gt; y, else +0, without a branch (a compare mask and an and).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double IfGreater(double x, double y)
    {
        var vx = Vector128.CreateScalarUnsafe(x);
        return Vector128.BitwiseAnd(Vector128.GreaterThan(vx, Vector128.CreateScalarUnsafe(y)), vx).ToScalar();
    }

    /// <summary>Wilder's average as TA-Lib writes it: <c>avg *= n−1; avg += x; avg /= n</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WilderAverage(double average, double x, double periodMinusOne, double period) => ((average * periodMinusOne) + x) / period;

    /// <summary>Wilder's running sum as TA-Lib's ADX writes it: <c>sum − sum/n + x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WilderSum(double sum, double x, double period) => sum - (sum / period) + x;
}
