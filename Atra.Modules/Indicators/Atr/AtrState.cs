using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Shared;

namespace Atra.Modules.Indicators.Atr;

/// <summary>
/// TA-Lib <c>ATR(high, low, close, n)</c>, one candle at a time: true range from row 1, the first value at row n
/// = mean of TR[1..n], then Wilder <c>(atr·(n−1) + tr)/n</c>.
/// </summary>
internal struct AtrState
{
    private readonly double _period;
    private readonly double _periodMinusOne;
    private readonly int _warmup;
    private int _count;
    private double _prevClose;
    private double _value;

    public AtrState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _period = period;
        _periodMinusOne = period - 1;
        _warmup = period;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double high, double low, double close)
    {
        if (_count > _warmup)
        {
            var tr = TaLib.TrueRange(high, low, _prevClose);
            _prevClose = close;
            return _value = ((_value * _periodMinusOne) + tr) / _period;
        }
        return Warmup(high, low, close);
    }

    private double Warmup(double high, double low, double close)
    {
        if (_count++ == 0)
        {
            _prevClose = close;
            return double.NaN;
        }
        _value += TaLib.TrueRange(high, low, _prevClose);
        _prevClose = close;
        if (_count <= _warmup)
        {
            return double.NaN;
        }
        return _value /= _period;
    }
}
