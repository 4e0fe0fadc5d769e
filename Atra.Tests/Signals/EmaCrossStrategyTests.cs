using Atra.Modules.Indicators.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Strategy;

namespace Atra.Tests.Signals;

/// <summary>Handmade indicator rows checked against the STRATEGY.md entry table.</summary>
public sealed class EmaCrossStrategyTests
{
    private static readonly EmaCrossStrategy Strategy = new(new SignalsSettings());

    // Four rows: ema7 crosses above ema25 at the last row.
    private static readonly double[] Ema7Up = [9, 9, 9, 11];
    private static readonly double[] Ema25Flat = [10, 10, 10, 10];

    /// <summary>A long that passes every strict threshold.</summary>
    private static IndicatorSnapshot StrictLong() => new()
    {
        OpenTimeMs = 3, Ema7 = 11, Ema25 = 10, Rsi14 = 60, Adx14 = 25, StochRsiK = 60, StochRsiD = 50, Atr14 = 1,
        BbPos = 0.6, VolumeRatio = 1.5, Momentum1h = 0.001, Momentum4h = 0.002,
    };

    private static bool Evaluate(double[] e7, double[] e25, IndicatorSnapshot x, BtcState btc, out SignalCandidate candidate, string symbol = "ETHUSDT")
    {
        double[] close = [100, 100, 100, 101];
        double[] volume = [1, 1, 1, 1];
        var context = new SignalContext(symbol, symbol == "BTCUSDT", close, volume, e7, e25, in x, btc, close.Length - 1);
        return Strategy.TryEvaluate(in context, out candidate);
    }

    [Test]
    public void TryEvaluate_AllStrictThresholds_StrictLong()
    {
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), new BtcState(BtcTrend.Bullish, 0.001), out var c), Is.True);
        Assert.That((c.Side, c.Mode, c.Entry), Is.EqualTo((TradeSide.Long, FilterMode.Strict, 101.0)));
        Assert.That(double.IsNaN(c.Features.AnomalyScore), Is.True, "fewer than 100 earlier candles: anomaly undefined");
    }

    [TestCase(70.0, FilterMode.Soft)]
    [TestCase(72.0, FilterMode.Soft)]
    [TestCase(68.0, FilterMode.Strict)]
    [TestCase(45.0, FilterMode.Soft)]
    public void TryEvaluate_RsiBetweenStrictAndSoft_Tag(double rsi, FilterMode expected)
    {
        var x = StrictLong();
        x.Rsi14 = rsi;
        Assert.That(Evaluate(Ema7Up, Ema25Flat, x, BtcState.Unknown, out var c), Is.True);
        Assert.That(c.Mode, Is.EqualTo(expected));
    }

    [TestCase(72.01)]
    [TestCase(44.99)]
    [TestCase(double.NaN)]
    public void TryEvaluate_RsiOutsideSoft_NoSignal(double rsi)
    {
        var x = StrictLong();
        x.Rsi14 = rsi;
        Assert.That(Evaluate(Ema7Up, Ema25Flat, x, BtcState.Unknown, out _), Is.False);
    }

    [Test]
    public void TryEvaluate_StochKAt85_NoSignal_KAt80_Soft()
    {
        var x = StrictLong();
        x.StochRsiK = 85;
        Assert.That(Evaluate(Ema7Up, Ema25Flat, x, BtcState.Unknown, out _), Is.False);
        x.StochRsiK = 80;
        Assert.That(Evaluate(Ema7Up, Ema25Flat, x, BtcState.Unknown, out var c), Is.True);
        Assert.That(c.Mode, Is.EqualTo(FilterMode.Soft));
    }

    [Test]
    public void TryEvaluate_CrossThreeCandlesAgoStillHolding_Signal_FourAgo_None()
    {
        // Cross at row 2 of 0..4 (i−2): allowed.
        Assert.That(Evaluate([9, 9, 11, 12, 12], [10, 10, 10, 10, 10], StrictLong(), BtcState.Unknown, out _), Is.True);
        // Cross at row 1 (i−3): too old.
        Assert.That(Evaluate([9, 11, 12, 12, 12], [10, 10, 10, 10, 10], StrictLong(), BtcState.Unknown, out _), Is.False);
        // Crossed but no longer holding at i.
        Assert.That(Evaluate([9, 9, 11, 12, 9.5], [10, 10, 10, 10, 10], StrictLong(), BtcState.Unknown, out _), Is.False);
    }

    [Test]
    public void TryEvaluate_BtcFilter_SoftMomentumStrictTrend()
    {
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), new BtcState(BtcTrend.Bullish, -0.02), out _), Is.False, "momentum_1h must be > −0.02");
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), new BtcState(BtcTrend.Bearish, -0.01), out var c), Is.True);
        Assert.That(c.Mode, Is.EqualTo(FilterMode.Soft), "bearish BTC: not strict");
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), new BtcState(BtcTrend.Neutral, -0.01), out c), Is.True);
        Assert.That(c.Mode, Is.EqualTo(FilterMode.Strict));
        // Not applied to BTC itself.
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), new BtcState(BtcTrend.Bearish, -0.5), out c, "BTCUSDT"), Is.True);
        Assert.That((c.Mode, c.Features.BtcTrend), Is.EqualTo((FilterMode.Strict, BtcTrend.Unknown)));
    }

    [Test]
    public void TryEvaluate_ShortMirror_StrictShort()
    {
        var x = new IndicatorSnapshot
        {
            OpenTimeMs = 3, Ema7 = 9, Ema25 = 10, Rsi14 = 40, Adx14 = 25, StochRsiK = 40, StochRsiD = 50, Atr14 = 1,
            BbPos = 0.4, VolumeRatio = 1.5, Momentum1h = -0.001, Momentum4h = -0.002,
        };
        Assert.That(Evaluate([11, 11, 11, 9], Ema25Flat, x, new BtcState(BtcTrend.Bearish, 0.01), out var c), Is.True);
        Assert.That((c.Side, c.Mode), Is.EqualTo((TradeSide.Short, FilterMode.Strict)));
        x.Momentum4h = 0.004;
        Assert.That(Evaluate([11, 11, 11, 9], Ema25Flat, x, BtcState.Unknown, out c), Is.True);
        Assert.That(c.Mode, Is.EqualTo(FilterMode.Soft));
    }

    [Test]
    public void Confirm_WhaleNewsMl_SoftRejectsStrictDowngrades_UnknownPasses()
    {
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), BtcState.Unknown, out var c), Is.True);
        var a = c;
        Assert.That(Strategy.Confirm(ref a, 0, 0, MlVerdict.None), Is.True);
        Assert.That(a.Mode, Is.EqualTo(FilterMode.Strict));
        var b = c;
        Assert.That(Strategy.Confirm(ref b, -0.6, 0, MlVerdict.None), Is.True);
        Assert.That(b.Mode, Is.EqualTo(FilterMode.Soft));
        var d = c;
        Assert.That(Strategy.Confirm(ref d, 0, -0.8, MlVerdict.None), Is.False);
        var e = c;
        Assert.That(Strategy.Confirm(ref e, double.NaN, double.NaN, new MlVerdict(0.55, false, 1)), Is.True);
        Assert.That(e.Mode, Is.EqualTo(FilterMode.Soft));
        var f = c;
        Assert.That(Strategy.Confirm(ref f, 0, 0, new MlVerdict(0.49, false, 1)), Is.False);
    }

    [Test]
    public void Confirm_MlOutOfRange_NeverStrict_SoftStillByProbability()
    {
        Assert.That(Evaluate(Ema7Up, Ema25Flat, StrictLong(), BtcState.Unknown, out var c), Is.True);
        var inRange = c;
        Assert.That(Strategy.Confirm(ref inRange, 0, 0, new MlVerdict(0.9, false, 1)), Is.True);
        Assert.That(inRange.Mode, Is.EqualTo(FilterMode.Strict));
        var outOfRange = c;
        Assert.That(Strategy.Confirm(ref outOfRange, 0, 0, new MlVerdict(0.9, true, 1)), Is.True);
        Assert.That(outOfRange.Mode, Is.EqualTo(FilterMode.Soft));
        Assert.That(outOfRange.Features.MlProbability, Is.EqualTo(0.9));
        var rejected = c;
        Assert.That(Strategy.Confirm(ref rejected, 0, 0, new MlVerdict(0.4, true, 1)), Is.False);
    }
}
