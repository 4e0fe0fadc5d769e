using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Atra.Modules.Indicators.StochRsi;

/// <summary>
/// TA-Lib <c>STOCH(x, x, x, fastK, slowK SMA, slowD SMA)</c> on one input series (here the RSI), one value at a
/// time. fastK = <c>(x − lowest)/((highest − lowest)/100)</c> over the last fastK inputs, 0 when the range is 0;
/// slowK and slowD are TA-Lib's running-sum SMAs (add, take, subtract the trailing value: the same rounding).
/// Like TA-Lib, K and D are both reported only once D exists (input index fastK−1 + slowK−1 + slowD−1).
/// </summary>
internal struct StochState
{
    // The window is 16 vector lanes (no heap): fastK ≤ 16 inputs.
    public const int MaxFastK = 16;

    private readonly int _fastK;
    private readonly int _slowK;
    private readonly int _slowD;
    private readonly double _slowKPeriod;
    private readonly double _slowDPeriod;
    private Vector256<double> _w0;
    private Vector256<double> _w1;
    private Vector256<double> _w2;
    private Vector256<double> _w3;
    private int _count;
    private int _slot;
    private int _kCount;
    private double _kTotal;
    private Trail _fastKs;
    private int _dCount;
    private double _dTotal;
    private Trail _slowKs;

    public StochState(int fastK, int slowK, int slowD)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastK, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fastK, MaxFastK);
        ArgumentOutOfRangeException.ThrowIfLessThan(slowK, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slowK, Trail.Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(slowD, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slowD, Trail.Capacity);
        _fastK = fastK;
        _slowK = slowK;
        _slowD = slowD;
        _slowKPeriod = slowK;
        _slowDPeriod = slowD;
    }

    /// <summary>Adds one input; true (with K and D) once both are defined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double x, out double k, out double d)
    {
        if (IsWarm)
        {
            Steady(x, out k, out d);
            return true;
        }
        return Warmup(x, out k, out d);
    }

    /// <summary>True once D was reported: every further input yields K and D.</summary>
    public readonly bool IsWarm => _dCount >= _slowD;

    /// <summary>The update after the warm-up, without its checks (the whole-series loop's fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Steady(double x, out double k, out double d)
    {
        _count++;
        var fastK = FastK(x);
        var total = _kTotal + fastK;
        var kIndex = _kCount++;
        _fastKs[kIndex & (Trail.Capacity - 1)] = fastK;
        _kTotal = total - _fastKs[(kIndex - (_slowK - 1)) & (Trail.Capacity - 1)];
        var slowK = total / _slowKPeriod;
        var dTotal = _dTotal + slowK;
        var dIndex = _dCount++;
        _slowKs[dIndex & (Trail.Capacity - 1)] = slowK;
        _dTotal = dTotal - _slowKs[(dIndex - (_slowD - 1)) & (Trail.Capacity - 1)];
        k = slowK;
        d = dTotal / _slowDPeriod;
    }

    private bool Warmup(double x, out double k, out double d)
    {
        var today = _count++;
        k = d = double.NaN;
        if (today < _fastK - 1)
        {
            Push(x);
            return false;
        }
        var fastK = FastK(x);

        // slowK: TA-Lib INT_SMA over the fastK values.
        var total = _kTotal + fastK;
        var kIndex = _kCount++;
        _fastKs[kIndex & (Trail.Capacity - 1)] = fastK;
        if (kIndex < _slowK - 1)
        {
            _kTotal = total;
            return false;
        }
        _kTotal = total - _fastKs[(kIndex - (_slowK - 1)) & (Trail.Capacity - 1)];
        var slowK = total / _slowKPeriod;

        // slowD: TA-Lib INT_SMA over the slowK values.
        var dTotal = _dTotal + slowK;
        var dIndex = _dCount++;
        _slowKs[dIndex & (Trail.Capacity - 1)] = slowK;
        if (dIndex < _slowD - 1)
        {
            _dTotal = dTotal;
            return false;
        }
        _dTotal = dTotal - _slowKs[(dIndex - (_slowD - 1)) & (Trail.Capacity - 1)];
        k = slowK;
        d = dTotal / _slowDPeriod;
        return true;
    }

    /// <summary>
    /// TA-Lib's fastK: <c>(x − lowest)/((highest − lowest)/100)</c>, 0 when the range is 0. TA-Lib tracks the
    /// extremes' positions with data-dependent branches; the window's min and max are the same values, found here
    /// with vector compares and no branch to mispredict, and diff is the same function of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double FastK(double x)
    {
        Push(x);
        // Lanes at or past fastK hold no input: +inf for the min, −inf for the max.
        var valid = Vector256.LessThan(Lane3, Vector256.Create((long)_fastK)).AsDouble();
        var lo = Vector256.MinNative(Vector256.MinNative(_w0, _w1), Vector256.MinNative(_w2, Vector256.ConditionalSelect(valid, _w3, Vector256.Create(double.PositiveInfinity))));
        var hi = Vector256.MaxNative(Vector256.MaxNative(_w0, _w1), Vector256.MaxNative(_w2, Vector256.ConditionalSelect(valid, _w3, Vector256.Create(double.NegativeInfinity))));
        var lo128 = Vector128.MinNative(lo.GetLower(), lo.GetUpper());
        var hi128 = Vector128.MaxNative(hi.GetLower(), hi.GetUpper());
        var lowest = double.MinNative(lo128.ToScalar(), lo128.GetElement(1));
        var highest = double.MaxNative(hi128.ToScalar(), hi128.GetElement(1));
        var diff = (highest - lowest) / 100.0;
        return diff != 0.0 ? (x - lowest) / diff : 0.0;
    }

    /// <summary>Replaces the oldest input (lane count mod fastK) with x: a blend per vector, no memory round trip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(double x)
    {
        var slot = Vector256.Create((long)_slot);
        var value = Vector256.Create(x);
        _w0 = Vector256.ConditionalSelect(Vector256.Equals(Lane0, slot).AsDouble(), value, _w0);
        _w1 = Vector256.ConditionalSelect(Vector256.Equals(Lane1, slot).AsDouble(), value, _w1);
        _w2 = Vector256.ConditionalSelect(Vector256.Equals(Lane2, slot).AsDouble(), value, _w2);
        _w3 = Vector256.ConditionalSelect(Vector256.Equals(Lane3, slot).AsDouble(), value, _w3);
        _slot = _slot + 1 == _fastK ? 0 : _slot + 1;
    }

    private static Vector256<long> Lane0 => Vector256.Create(0L, 1L, 2L, 3L);

    private static Vector256<long> Lane1 => Vector256.Create(4L, 5L, 6L, 7L);

    private static Vector256<long> Lane2 => Vector256.Create(8L, 9L, 10L, 11L);

    private static Vector256<long> Lane3 => Vector256.Create(12L, 13L, 14L, 15L);

    [InlineArray(Capacity)]
    private struct Trail
    {
        public const int Capacity = 8;
        private double _element;
    }
}
