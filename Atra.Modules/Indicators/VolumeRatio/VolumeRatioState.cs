using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.VolumeRatio;

/// <summary>
/// <c>volume / SMA(volume, n)</c> with TA-Lib's running-sum SMA (the SMA includes the current row); undefined
/// before n rows and when the SMA is 0. The caller supplies the volume n−1 rows back, as for Bollinger bands.
/// </summary>
internal struct VolumeRatioState
{
    private readonly int _period;
    private readonly double _periodD;
    private int _count;
    private double _total;

    public VolumeRatioState(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _periodD = period;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Update(double volume, double trailing)
    {
        var total = _total + volume;
        if (_count < _period - 1)
        {
            _count++;
            _total = total;
            return double.NaN;
        }
        _total = total - trailing;
        var sma = total / _periodD;
        return sma != 0.0 ? volume / sma : double.NaN;
    }
}
