using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Strategy;

/// <summary>
/// The default strategy of STRATEGY.md "Entry": an EMA7/EMA25 cross in the last candles, confirmed by RSI, ADX,
/// stoch RSI, volume, Bollinger position, 4h momentum, BTC, anomaly, whale, news and ML thresholds; soft decides
/// whether a signal exists, strict (on top of soft) tags it. An undefined indicator fails its condition; an
/// unknown filter (no BTC data, too little history for the anomaly score, a failed external filter) passes.
/// </summary>
internal sealed class EmaCrossStrategy : ISignalStrategy
{
    private readonly SignalsSettings _settings;
    private readonly ThresholdSet _soft;
    private readonly ThresholdSet _strict;

    public EmaCrossStrategy(IOptions<SignalsSettings> options)
        : this(options.Value)
    {
    }

    public EmaCrossStrategy(SignalsSettings settings)
    {
        _settings = settings;
        _soft = settings.Soft;
        _strict = settings.Strict;
        HistoryRequired = Math.Max(settings.AnomalyWindow + 2, settings.CrossLookbackCandles + 1);
    }

    public string Name => "ema_cross";

    public string Interval => _settings.Interval;

    public int HistoryRequired { get; }

    public bool TryEvaluate(in SignalContext context, out SignalCandidate candidate)
    {
        candidate = default;
        var e7 = context.Ema7;
        var e25 = context.Ema25;
        var i = e7.Length - 1;
        if (i < 1)
        {
            return false;
        }
        var a = e7[i];
        var b = e25[i];
        TradeSide side;
        if (a > b)
        {
            side = TradeSide.Long;
        }
        else if (a < b)
        {
            side = TradeSide.Short;
        }
        else
        {
            // Equal or undefined: no cross holds at i.
            return false;
        }
        if (!CrossedRecently(e7, e25, i, side))
        {
            return false;
        }

        var x = context.Current;
        var btc = context.IsBtc ? BtcState.Unknown : context.Btc;
        if (!Technical(side, in x, btc, _soft))
        {
            return false;
        }
        var strict = Technical(side, in x, btc, _strict) && BtcTrendAllows(side, btc.Trend, _strict);

        var anomaly = AnomalyScore.Compute(context.Close, context.Volume, context.RowsBefore, _settings.AnomalyWindow, _settings.AnomalyMadScale);
        if (!double.IsNaN(anomaly))
        {
            if (!(anomaly < _soft.AnomalyMax))
            {
                return false;
            }
            strict &= anomaly < _strict.AnomalyMax;
        }

        candidate.Side = side;
        candidate.Mode = strict ? FilterMode.Strict : FilterMode.Soft;
        candidate.Entry = context.Close[^1];
        candidate.OpenTimeMs = x.OpenTimeMs;
        ref var f = ref candidate.Features;
        f.Ema7 = x.Ema7;
        f.Ema25 = x.Ema25;
        f.Rsi14 = x.Rsi14;
        f.Adx14 = x.Adx14;
        f.StochRsiK = x.StochRsiK;
        f.StochRsiD = x.StochRsiD;
        f.Atr14 = x.Atr14;
        f.BbPos = x.BbPos;
        f.VolumeRatio = x.VolumeRatio;
        f.Momentum1h = x.Momentum1h;
        f.Momentum4h = x.Momentum4h;
        f.BtcTrend = btc.Trend;
        f.BtcMomentum1h = btc.Momentum1h;
        f.AnomalyScore = anomaly;
        f.WhaleImpact = double.NaN;
        f.NewsImpact = double.NaN;
        f.MlProbability = double.NaN;
        return true;
    }

    public bool Confirm(ref SignalCandidate candidate, double whaleImpact, double newsImpact, in MlVerdict ml)
    {
        ref var f = ref candidate.Features;
        f.WhaleImpact = whaleImpact;
        f.NewsImpact = newsImpact;
        f.MlProbability = ml.Probability;
        var side = candidate.Side;
        if (!External(side, whaleImpact, newsImpact, ml.Probability, _soft))
        {
            return false;
        }
        // An input outside the training range makes the probability an extrapolation: never strict on it.
        if (candidate.Mode == FilterMode.Strict && (!External(side, whaleImpact, newsImpact, ml.Probability, _strict) || (ml.IsKnown && ml.OutOfRange)))
        {
            candidate.Mode = FilterMode.Soft;
        }
        return true;
    }

    /// <summary>A cross at j: <c>ema7[j−1] ≤ ema25[j−1]</c> and <c>ema7[j] &gt; ema25[j]</c> (or the mirror), for j in the last N candles.</summary>
    private bool CrossedRecently(ReadOnlySpan<double> e7, ReadOnlySpan<double> e25, int i, TradeSide side)
    {
        var first = Math.Max(1, i - _settings.CrossLookbackCandles + 1);
        for (var j = i; j >= first; j--)
        {
            var crossed = side == TradeSide.Long
                ? e7[j - 1] <= e25[j - 1] && e7[j] > e25[j]
                : e7[j - 1] >= e25[j - 1] && e7[j] < e25[j];
            if (crossed)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Technical(TradeSide side, in Indicators.Contracts.IndicatorSnapshot x, BtcState btc, ThresholdSet t)
    {
        if (!(x.Adx14 >= t.AdxMin) || !(x.VolumeRatio >= t.VolumeRatioMin))
        {
            return false;
        }
        if (side == TradeSide.Long)
        {
            return x.Rsi14 >= t.LongRsiMin && x.Rsi14 <= t.LongRsiMax
                && x.StochRsiK > x.StochRsiD && x.StochRsiK < t.LongStochKMax
                && x.BbPos <= t.LongBbPosMax
                && x.Momentum4h > t.LongMomentum4hMin
                && (t.BtcLongMomentum1hMin is not { } min || double.IsNaN(btc.Momentum1h) || btc.Momentum1h > min);
        }
        return x.Rsi14 >= t.ShortRsiMin && x.Rsi14 <= t.ShortRsiMax
            && x.StochRsiK < x.StochRsiD && x.StochRsiK > t.ShortStochKMin
            && x.BbPos >= t.ShortBbPosMin
            && x.Momentum4h < t.ShortMomentum4hMax
            && (t.BtcShortMomentum1hMax is not { } max || double.IsNaN(btc.Momentum1h) || btc.Momentum1h < max);
    }

    private static bool BtcTrendAllows(TradeSide side, BtcTrend trend, ThresholdSet t) =>
        !t.BtcRejectOpposingTrend || (side == TradeSide.Long ? trend != BtcTrend.Bearish : trend != BtcTrend.Bullish);

    /// <summary>NaN (unknown, or no model for ML) passes.</summary>
    private static bool External(TradeSide side, double whale, double news, double ml, ThresholdSet t)
    {
        if (!double.IsNaN(ml) && !(ml >= t.MlMin))
        {
            return false;
        }
        return side == TradeSide.Long
            ? (double.IsNaN(whale) || whale > t.WhaleLongMin) && (double.IsNaN(news) || news > t.NewsLongMin)
            : (double.IsNaN(whale) || whale < t.WhaleShortMax) && (double.IsNaN(news) || news < t.NewsShortMax);
    }
}
