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
    public const int MaxFastK = StochWindow.Capacity;

    private readonly int _fastK;
    private readonly int _slowK;
    private readonly int _slowD;
    private readonly double _slowKPeriod;
    private readonly double _slowDPeriod;
    private StochWindow _window;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double FastK(double x)
    {
        Push(x);
        return _window.FastK(x, _fastK);
    }

    /// <summary>Replaces the oldest input (slot count mod fastK) with x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(double x)
    {
        _window = _window.With(_slot, x);
        _slot = _slot + 1 == _fastK ? 0 : _slot + 1;
    }

    public readonly StochWindow Window => _window;

    public readonly int Slot => _slot;

    public readonly double KTotal => _kTotal;

    public readonly double DTotal => _dTotal;

    /// <summary>The fastK value <paramref name="back"/> steps before the next one (1 = the last).</summary>
    public readonly double FastKBack(int back) => _fastKs[(_kCount - back) & (Trail.Capacity - 1)];

    /// <summary>The slowK value <paramref name="back"/> steps before the next one (1 = the last).</summary>
    public readonly double SlowKBack(int back) => _slowKs[(_dCount - back) & (Trail.Capacity - 1)];

    [InlineArray(Capacity)]
    private struct Trail
    {
        public const int Capacity = 8;
        private double _element;
    }
}
