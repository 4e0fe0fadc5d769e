using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Shared;

namespace Atra.Modules.Indicators.Rsi;

/// <summary>
/// TA-Lib <c>RSI(x, n)</c> (unstable period 0), one value at a time: the first value at row n from the simple
/// averages of the first n gains and losses, then Wilder smoothing <c>(avg·(n−1) + x)/n</c>;
/// <c>100·gain/(gain+loss)</c>, and 0 when gain+loss is zero in TA-Lib's sense.
/// </summary>
internal struct RsiState
{
    private readonly double _period;
    private readonly double _periodMinusOne;
    private readonly int _warmup;
    private int _count;
    private double _prev;
    private double _gain;
    private double _loss;

    public RsiState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _period = period;
        _periodMinusOne = period - 1;
        _warmup = period;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double x)
    {
        if (_count > _warmup)
        {
            var change = x - _prev;
            _prev = x;
            var loss = _loss * _periodMinusOne;
            var gain = _gain * _periodMinusOne;
            if (change < 0)
            {
                loss -= change;
            }
            else
            {
                gain += change;
            }
            _loss = loss /= _period;
            _gain = gain /= _period;
            return Value(gain, loss);
        }
        return Warmup(x);
    }

    private double Warmup(double x)
    {
        if (_count++ == 0)
        {
            _prev = x;
            return double.NaN;
        }
        var change = x - _prev;
        _prev = x;
        if (change < 0)
        {
            _loss -= change;
        }
        else
        {
            _gain += change;
        }
        if (_count <= _warmup)
        {
            return double.NaN;
        }
        _loss /= _period;
        _gain /= _period;
        return Value(_gain, _loss);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Value(double gain, double loss)
    {
        var sum = gain + loss;
        return TaLib.IsZero(sum) ? 0.0 : 100.0 * (gain / sum);
    }
}
