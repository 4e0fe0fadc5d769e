using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Shared;

namespace Atra.Modules.Indicators.BollingerBands;

/// <summary>
/// TA-Lib <c>BBANDS(x, n, k, k, SMA)</c> plus <c>bb_pos</c>, one value at a time. The middle band and the mean of
/// squares are TA-Lib's running sums (add the new value, take, subtract the trailing one); the population variance
/// is <c>mean(x²) − mean²</c>, and 0 (so no band width, bb_pos undefined) when below TA-Lib's epsilon.
/// The caller supplies the input n rows back (<paramref name="trailing"/> in <see cref="Update"/>), so the
/// whole-series form reads it from the array and the streaming form from its ring, with the same arithmetic.
/// </summary>
internal struct BollingerState
{
    private readonly int _period;
    private readonly double _periodD;
    private readonly double _deviations;
    private int _count;
    private double _total;
    private double _total2;

    public BollingerState(int period, double deviations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _period = period;
        _periodD = period;
        _deviations = deviations;
    }

    /// <summary>
    /// Adds <paramref name="x"/>; <paramref name="trailing"/> is the input <c>n−1</c> rows back (ignored during the
    /// warm-up). Returns false (bands NaN) until n inputs were seen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double x, double trailing, out double upper, out double middle, out double lower, out double position)
    {
        var total = _total + x;
        var total2 = _total2 + (x * x);
        if (_count < _period - 1)
        {
            _count++;
            _total = total;
            _total2 = total2;
            upper = middle = lower = position = double.NaN;
            return false;
        }
        _total = total - trailing;
        _total2 = total2 - (trailing * trailing);
        var mean = total / _periodD;
        var variance = (total2 / _periodD) - (mean * mean);
        var deviation = variance < TaLib.Epsilon ? 0.0 : Math.Sqrt(variance);
        var band = deviation * _deviations;
        upper = mean + band;
        lower = mean - band;
        middle = mean;
        var width = upper - lower;
        position = width != 0.0 ? (x - lower) / width : double.NaN;
        return true;
    }
}
