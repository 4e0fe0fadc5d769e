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
        return _count > _warmup ? Steady(x) : Warmup(x);
    }

    public readonly bool IsWarm => _count > _warmup;

    public readonly double Gain => _gain;

    public readonly double Loss => _loss;

    /// <summary>The update after the warm-up, without its checks (the whole-series loop's fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Steady(double x)
    {
        var change = x - _prev;
        _prev = x;
        // TA-Lib: "if (change < 0) loss -= change; else gain += change;". Adding +0 to the other sum changes
        // no bit, and the branch (taken at random) costs more than the rest of the update.
        var loss = _loss = TaLib.WilderAverage(_loss, TaLib.Positive(-change), _periodMinusOne, _period);
        var gain = _gain = TaLib.WilderAverage(_gain, TaLib.Positive(change), _periodMinusOne, _period);
        return Value(gain, loss);
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
    public static double Value(double gain, double loss)
    {
        var sum = gain + loss;
        return TaLib.IsZero(sum) ? 0.0 : 100.0 * (gain / sum);
    }
}
