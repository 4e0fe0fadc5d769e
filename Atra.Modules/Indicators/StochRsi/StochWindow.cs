using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Atra.Modules.Indicators.StochRsi;

/// <summary>
/// The last fastK (≤ 16) inputs of the stochastic, as 16 vector lanes in no particular order (a min and a max do
/// not need one): inserting replaces one lane with a blend, so the window stays in registers in a loop.
/// </summary>
internal readonly struct StochWindow
{
    public const int Capacity = 16;

    private readonly Vector256<double> _a;
    private readonly Vector256<double> _b;
    private readonly Vector256<double> _c;
    private readonly Vector256<double> _d;

    private StochWindow(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d)
    {
        _a = a;
        _b = b;
        _c = c;
        _d = d;
    }

    /// <summary>This window with lane <paramref name="slot"/> set to <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StochWindow With(int slot, double x)
    {
        var s = Vector256.Create((long)slot);
        var v = Vector256.Create(x);
        return new StochWindow(
            Vector256.ConditionalSelect(Vector256.Equals(Lane0, s).AsDouble(), v, _a),
            Vector256.ConditionalSelect(Vector256.Equals(Lane1, s).AsDouble(), v, _b),
            Vector256.ConditionalSelect(Vector256.Equals(Lane2, s).AsDouble(), v, _c),
            Vector256.ConditionalSelect(Vector256.Equals(Lane3, s).AsDouble(), v, _d));
    }

    /// <summary>TA-Lib's fastK for input x, the window's newest value: <c>(x − lowest)/((highest − lowest)/100)</c>, 0 for no range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double FastK(double x, int count)
    {
        MinMax(count, out var lowest, out var highest);
        var diff = (highest - lowest) / 100.0;
        return diff != 0.0 ? (x - lowest) / diff : 0.0;
    }

    /// <summary>The smallest and largest of the first <paramref name="count"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MinMax(int count, out double lowest, out double highest)
    {
        // Lanes at or past count hold no input: +inf for the min, −inf for the max.
        var valid = Vector256.LessThan(Lane3, Vector256.Create((long)count)).AsDouble();
        var lo = Vector256.MinNative(Vector256.MinNative(_a, _b), Vector256.MinNative(_c, Vector256.ConditionalSelect(valid, _d, Vector256.Create(double.PositiveInfinity))));
        var hi = Vector256.MaxNative(Vector256.MaxNative(_a, _b), Vector256.MaxNative(_c, Vector256.ConditionalSelect(valid, _d, Vector256.Create(double.NegativeInfinity))));
        var lo128 = Vector128.MinNative(lo.GetLower(), lo.GetUpper());
        var hi128 = Vector128.MaxNative(hi.GetLower(), hi.GetUpper());
        lowest = double.MinNative(lo128.ToScalar(), lo128.GetElement(1));
        highest = double.MaxNative(hi128.ToScalar(), hi128.GetElement(1));
    }

    private static Vector256<long> Lane0
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(0L, 1L, 2L, 3L);
    }

    private static Vector256<long> Lane1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(4L, 5L, 6L, 7L);
    }

    private static Vector256<long> Lane2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(8L, 9L, 10L, 11L);
    }

    private static Vector256<long> Lane3
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(12L, 13L, 14L, 15L);
    }
}
