using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.StochRsi;

/// <summary>
/// TA-Lib <c>STOCH(x, x, x, fastK, slowK SMA, slowD SMA)</c> on one input series (here the RSI), one value at a
/// time. fastK = <c>(x − lowest)/((highest − lowest)/100)</c> over the last fastK inputs, 0 when the range is 0;
/// slowK and slowD are TA-Lib's running-sum SMAs (add, take, subtract the trailing value: the same rounding).
/// Like TA-Lib, K and D are both reported only once D exists (input index fastK−1 + slowK−1 + slowD−1).
/// </summary>
internal struct StochState
{
    // The window lives inline (no heap): fastK ≤ 32 inputs.
    public const int MaxFastK = 32;

    private readonly int _fastK;
    private readonly int _slowK;
    private readonly int _slowD;
    private readonly double _slowKPeriod;
    private readonly double _slowDPeriod;
    private Window _window;
    private int _count;
    private int _lowestIdx;
    private int _highestIdx;
    private double _lowest;
    private double _highest;
    private double _diff;
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
        _lowestIdx = -1;
        _highestIdx = -1;
    }

    /// <summary>Adds one input; true (with K and D) once both are defined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double x, out double k, out double d)
    {
        var today = _count++;
        _window[today & (MaxFastK - 1)] = x;
        k = d = double.NaN;
        if (today < _fastK - 1)
        {
            return false;
        }
        var fastK = FastK(x, today);

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
    private double FastK(double x, int today)
    {
        var trailing = today - (_fastK - 1);
        if (_lowestIdx < trailing)
        {
            RescanLowest(trailing, today);
        }
        else if (x <= _lowest)
        {
            _lowestIdx = today;
            _lowest = x;
            _diff = (_highest - _lowest) / 100.0;
        }
        if (_highestIdx < trailing)
        {
            RescanHighest(trailing, today);
        }
        else if (x >= _highest)
        {
            _highestIdx = today;
            _highest = x;
            _diff = (_highest - _lowest) / 100.0;
        }
        return _diff != 0.0 ? (x - _lowest) / _diff : 0.0;
    }

    private void RescanLowest(int trailing, int today)
    {
        var lowestIdx = trailing;
        var lowest = _window[trailing & (MaxFastK - 1)];
        for (var i = trailing + 1; i <= today; i++)
        {
            var v = _window[i & (MaxFastK - 1)];
            if (v < lowest)
            {
                lowestIdx = i;
                lowest = v;
            }
        }
        _lowestIdx = lowestIdx;
        _lowest = lowest;
        _diff = (_highest - _lowest) / 100.0;
    }

    private void RescanHighest(int trailing, int today)
    {
        var highestIdx = trailing;
        var highest = _window[trailing & (MaxFastK - 1)];
        for (var i = trailing + 1; i <= today; i++)
        {
            var v = _window[i & (MaxFastK - 1)];
            if (v > highest)
            {
                highestIdx = i;
                highest = v;
            }
        }
        _highestIdx = highestIdx;
        _highest = highest;
        _diff = (_highest - _lowest) / 100.0;
    }

    [InlineArray(MaxFastK)]
    private struct Window
    {
        private double _element;
    }

    [InlineArray(Capacity)]
    private struct Trail
    {
        public const int Capacity = 8;
        private double _element;
    }
}
