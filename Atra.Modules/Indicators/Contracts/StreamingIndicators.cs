using System.Numerics;
using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Adx;
using Atra.Modules.Indicators.Atr;
using Atra.Modules.Indicators.BollingerBands;
using Atra.Modules.Indicators.Ema;
using Atra.Modules.Indicators.Rsi;
using Atra.Modules.Indicators.Shared;
using Atra.Modules.Indicators.StochRsi;
using Atra.Modules.Indicators.VolumeRatio;
using Atra.Modules.MarketData.Contracts;
using MomentumMath = Atra.Modules.Indicators.Momentum.Momentum;

namespace Atra.Modules.Indicators.Contracts;

/// <summary>
/// The streaming form of every column of STRATEGY.md for one symbol and interval: feed closed candles in order,
/// get the row for each, equal bit for bit to <see cref="IndicatorEngine"/>'s row for the same candle.
/// O(1) and no allocation per candle; the state is a few KB (rings of the last closes and volumes).
/// Not thread-safe: one instance per symbol and interval, updated by one thread at a time.
/// </summary>
public sealed class StreamingIndicators
{
    private readonly int _rows1h;
    private readonly int _rows4h;
    private readonly double[] _closes;
    private readonly int _closeMask;
    private readonly double[] _volumes;
    private EmaState _ema7 = new(IndicatorEngine.EmaFast);
    private EmaState _ema25 = new(IndicatorEngine.EmaSlow);
    private RsiState _rsi = new(IndicatorEngine.RsiPeriod);
    private StochState _stoch = new(IndicatorEngine.StochFastK, IndicatorEngine.StochSlowK, IndicatorEngine.StochSlowD);
    private AdxState _adx = new(IndicatorEngine.AdxPeriod);
    private AtrState _atr = new(IndicatorEngine.AtrPeriod);
    private BollingerState _bb = new(IndicatorEngine.BollingerPeriod, IndicatorEngine.BollingerDeviations);
    private VolumeRatioState _vr = new(IndicatorEngine.VolumePeriod);
    private IndicatorSnapshot _last;

    /// <param name="interval">The candle interval (<c>5m</c>, <c>1h</c> …): it sets the momentum look-backs.</param>
    public StreamingIndicators(string interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        Interval = interval;
        _rows1h = IndicatorEngine.MomentumRows(interval, 1);
        _rows4h = IndicatorEngine.MomentumRows(interval, 4);
        var closeRing = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(IndicatorEngine.BollingerPeriod, Math.Max(_rows1h, _rows4h) + 1));
        _closes = new double[closeRing];
        _closeMask = closeRing - 1;
        _volumes = new double[BitOperations.RoundUpToPowerOf2(IndicatorEngine.VolumePeriod)];
        _last = Undefined(0);
    }

    public string Interval { get; }

    /// <summary>Candles accepted so far (a rejected candle does not count).</summary>
    public long Count { get; private set; }

    /// <summary>The row of the last accepted candle (all NaN before the first).</summary>
    public ref readonly IndicatorSnapshot Current => ref _last;

    /// <summary>
    /// Adds the next closed candle and returns its row (a reference to <see cref="Current"/>, valid until the
    /// next update). Throws <see cref="ArgumentException"/> for a bad candle, leaving the state unchanged.
    /// </summary>
    public ref readonly IndicatorSnapshot Update(in Candle candle)
    {
        Update(candle, ref _last);
        return ref _last;
    }

    /// <summary>Adds the next closed candle and writes its row into <paramref name="output"/>.</summary>
    public void Update(in Candle candle, ref IndicatorSnapshot output)
    {
        var row = Count;
        var h = candle.High;
        var l = candle.Low;
        var c = candle.Close;
        var v = candle.Volume;
        CandleValidation.Check(candle.Open, h, l, c, v, row, nameof(candle));

        output.OpenTimeMs = candle.OpenTimeMs;
        output.Ema7 = _ema7.Update(c);
        output.Ema25 = _ema25.Update(c);
        var r = _rsi.Update(c);
        output.Rsi14 = r;
        double k = double.NaN, d = double.NaN;
        if (!double.IsNaN(r))
        {
            _stoch.Update(r, out k, out d);
        }
        output.StochRsiK = k;
        output.StochRsiD = d;
        output.Adx14 = _adx.Update(h, l, c);
        output.Atr14 = _atr.Update(h, l, c);

        var closes = _closes;
        var mask = _closeMask;
        closes[(int)row & mask] = c;
        var back = row - (IndicatorEngine.BollingerPeriod - 1);
        _bb.Update(c, back >= 0 ? closes[(int)back & mask] : 0.0, out output.BbUpper, out output.BbMiddle, out output.BbLower, out output.BbPos);
        var volumes = _volumes;
        volumes[(int)row & (volumes.Length - 1)] = v;
        back = row - (IndicatorEngine.VolumePeriod - 1);
        output.VolumeRatio = _vr.Update(v, back >= 0 ? volumes[(int)back & (volumes.Length - 1)] : 0.0);
        output.Momentum1h = Momentum(c, row, _rows1h);
        output.Momentum4h = Momentum(c, row, _rows4h);
        Count = row + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Momentum(double close, long row, int rowsBack) =>
        rowsBack > 0 && row >= rowsBack ? MomentumMath.Value(close, _closes[(int)(row - rowsBack) & _closeMask]) : double.NaN;

    private static IndicatorSnapshot Undefined(long openTimeMs) => new()
    {
        OpenTimeMs = openTimeMs,
        Ema7 = double.NaN,
        Ema25 = double.NaN,
        Rsi14 = double.NaN,
        Adx14 = double.NaN,
        StochRsiK = double.NaN,
        StochRsiD = double.NaN,
        Atr14 = double.NaN,
        BbUpper = double.NaN,
        BbMiddle = double.NaN,
        BbLower = double.NaN,
        BbPos = double.NaN,
        VolumeRatio = double.NaN,
        Momentum1h = double.NaN,
        Momentum4h = double.NaN,
    };
}
