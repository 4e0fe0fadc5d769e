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
        return _count >= _period2 ? Steady(high, low, close) : Warmup(high, low, close);
    }

    public readonly bool IsWarm => _count >= _period2;

    public readonly double PlusDmSum => _plusDm;

    public readonly double MinusDmSum => _minusDm;

    public readonly double TrSum => _tr;

    public readonly double Value => _value;

    /// <summary>The update after the warm-up, without its checks (the whole-series loop's fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Steady(double high, double low, double close)
    {
        if (Step(high, low, close, out var dx))
        {
            _value = TaLib.WilderAverage(_value, dx, _periodMinusOne, _period);
        }
        return _value;
    }

    /// <summary>Smooths +DM, −DM and TR with this candle; false when DX is undefined for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Step(double high, double low, double close, out double dx)
    {
        var diffP = high - _prevHigh;
        var diffM = _prevLow - low;
        _prevHigh = high;
        _prevLow = low;
        var minusDm = _minusDm = TaLib.WilderSum(_minusDm, MinusDm(diffP, diffM), _period);
        var plusDm = _plusDm = TaLib.WilderSum(_plusDm, PlusDm(diffP, diffM), _period);
        var tr = _tr = TaLib.WilderSum(_tr, TaLib.TrueRange(high, low, _prevClose), _period);
        _prevClose = close;
        return Dx(minusDm, plusDm, tr, out dx);
    }

    /// <summary>DX from the smoothed sums; false (no DX, ADX unchanged) when TR or the DI sum is zero in TA-Lib's sense.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Dx(double minusDm, double plusDm, double tr, out double dx)
    {
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

    // TA-Lib: "if (diffM > 0 && diffP < diffM) minusDM += diffM; else if (diffP > 0 && diffP > diffM) plusDM += diffP;"
    // as selects: adding +0 changes no bit, and the data-dependent branches mispredict often.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinusDm(double diffP, double diffM) => TaLib.IfGreater(diffM, double.MaxNative(diffP, 0.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PlusDm(double diffP, double diffM) => TaLib.IfGreater(diffP, double.MaxNative(diffM, 0.0));

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
            _minusDm += MinusDm(diffP, diffM);
            _plusDm += PlusDm(diffP, diffM);
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
