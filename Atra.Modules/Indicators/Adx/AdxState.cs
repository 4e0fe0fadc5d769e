using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Shared;

namespace Atra.Modules.Indicators.Adx;

/// <summary>
/// TA-Lib <c>ADX(high, low, close, n)</c> (unstable period 0), one candle at a time. +DM/−DM and TR are summed
/// plainly over rows 1..n−1, then smoothed Wilder-style (<c>s − s/n + x</c>) from row n; DX of rows n..2n−1 is
/// averaged into the first ADX at row 2n−1, then <c>(adx·(n−1) + dx)/n</c>. A row whose TR or DI sum is zero
/// (TA-Lib's sense) leaves ADX unchanged, as in TA-Lib.
/// </summary>
internal struct AdxState
{
    private readonly double _period;
    private readonly double _periodMinusOne;
    private readonly int _period2;
    private int _count;
    private double _prevHigh;
    private double _prevLow;
    private double _prevClose;
    private double _plusDm;
    private double _minusDm;
    private double _tr;
    private double _value;

    public AdxState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _period = period;
        _periodMinusOne = period - 1;
        _period2 = 2 * period;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double high, double low, double close)
    {
        if (_count >= _period2)
        {
            if (Step(high, low, close, out var dx))
            {
                _value = ((_value * _periodMinusOne) + dx) / _period;
            }
            return _value;
        }
        return Warmup(high, low, close);
    }

    /// <summary>Smooths +DM, −DM and TR with this candle; false when DX is undefined for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Step(double high, double low, double close, out double dx)
    {
        var diffP = high - _prevHigh;
        var diffM = _prevLow - low;
        _prevHigh = high;
        _prevLow = low;
        var minusDm = _minusDm - (_minusDm / _period);
        var plusDm = _plusDm - (_plusDm / _period);
        if (diffM > 0 && diffP < diffM)
        {
            minusDm += diffM;
        }
        else if (diffP > 0 && diffP > diffM)
        {
            plusDm += diffP;
        }
        _minusDm = minusDm;
        _plusDm = plusDm;
        var tr = _tr - (_tr / _period) + TaLib.TrueRange(high, low, _prevClose);
        _tr = tr;
        _prevClose = close;
        if (!TaLib.IsZero(tr))
        {
            var minusDi = 100.0 * (minusDm / tr);
            var plusDi = 100.0 * (plusDm / tr);
            var sum = minusDi + plusDi;
            if (!TaLib.IsZero(sum))
            {
                dx = 100.0 * (Math.Abs(minusDi - plusDi) / sum);
                return true;
            }
        }
        dx = 0;
        return false;
    }

    private double Warmup(double high, double low, double close)
    {
        var row = _count++;
        if (row == 0)
        {
            _prevHigh = high;
            _prevLow = low;
            _prevClose = close;
            return double.NaN;
        }
        if (row < (int)_period)
        {
            var diffP = high - _prevHigh;
            var diffM = _prevLow - low;
            _prevHigh = high;
            _prevLow = low;
            if (diffM > 0 && diffP < diffM)
            {
                _minusDm += diffM;
            }
            else if (diffP > 0 && diffP > diffM)
            {
                _plusDm += diffP;
            }
            _tr += TaLib.TrueRange(high, low, _prevClose);
            _prevClose = close;
            return double.NaN;
        }
        // Rows n..2n−1: DX values are summed (in _value) for the first ADX.
        if (Step(high, low, close, out var dx))
        {
            _value += dx;
        }
        if (row < _period2 - 1)
        {
            return double.NaN;
        }
        return _value /= _period;
    }
}
