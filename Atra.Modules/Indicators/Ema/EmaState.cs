using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.Ema;

/// <summary>
/// TA-Lib <c>EMA(x, n)</c>, one value at a time: k = 2/(n+1), seeded with the SMA of the first n inputs (first
/// value at row n−1), then <c>((x − ema)·k) + ema</c>. The whole-series form runs this same state, so both agree bit for bit.
/// </summary>
internal struct EmaState
{
    private readonly int _period;
    private readonly double _k;
    private int _count;
    private double _value;

    public EmaState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _k = 2.0 / (period + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double x)
    {
        if (_count >= _period)
        {
            return _value = ((x - _value) * _k) + _value;
        }
        return Warmup(x);
    }

    private double Warmup(double x)
    {
        _value += x;
        if (++_count < _period)
        {
            return double.NaN;
        }
        return _value /= _period;
    }
}
