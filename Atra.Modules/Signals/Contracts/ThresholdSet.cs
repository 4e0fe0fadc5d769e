namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// One column pair of the STRATEGY.md entry table (<c>Signals:Soft</c> or <c>Signals:Strict</c>). Bounds are
/// inclusive where the table says ≤/≥ and strict where it says &lt;/&gt;, exactly as written there.
/// </summary>
public sealed class ThresholdSet
{
    /// <summary>Long: <c>LongRsiMin ≤ rsi14 ≤ LongRsiMax</c>.</summary>
    public double LongRsiMin { get; set; }

    public double LongRsiMax { get; set; }

    /// <summary>Short: <c>ShortRsiMin ≤ rsi14 ≤ ShortRsiMax</c>.</summary>
    public double ShortRsiMin { get; set; }

    public double ShortRsiMax { get; set; }

    /// <summary><c>adx14 ≥ AdxMin</c>.</summary>
    public double AdxMin { get; set; }

    /// <summary>Long: <c>k &gt; d and k &lt; LongStochKMax</c>.</summary>
    public double LongStochKMax { get; set; }

    /// <summary>Short: <c>k &lt; d and k &gt; ShortStochKMin</c>.</summary>
    public double ShortStochKMin { get; set; }

    /// <summary><c>volume_ratio ≥ VolumeRatioMin</c>.</summary>
    public double VolumeRatioMin { get; set; }

    /// <summary>Long: <c>bb_pos ≤ LongBbPosMax</c>.</summary>
    public double LongBbPosMax { get; set; }

    /// <summary>Short: <c>bb_pos ≥ ShortBbPosMin</c>.</summary>
    public double ShortBbPosMin { get; set; }

    /// <summary>Long: <c>momentum_4h &gt; LongMomentum4hMin</c>.</summary>
    public double LongMomentum4hMin { get; set; }

    /// <summary>Short: <c>momentum_4h &lt; ShortMomentum4hMax</c>.</summary>
    public double ShortMomentum4hMax { get; set; }

    /// <summary>Long: BTC <c>momentum_1h &gt; BtcLongMomentum1hMin</c>; null: not checked at this level.</summary>
    public double? BtcLongMomentum1hMin { get; set; }

    /// <summary>Short: BTC <c>momentum_1h &lt; BtcShortMomentum1hMax</c>; null: not checked at this level.</summary>
    public double? BtcShortMomentum1hMax { get; set; }

    /// <summary>Long needs BTC trend ≠ bearish, short ≠ bullish.</summary>
    public bool BtcRejectOpposingTrend { get; set; }

    /// <summary><c>anomaly_score &lt; AnomalyMax</c>.</summary>
    public double AnomalyMax { get; set; }

    /// <summary>Long: <c>w &gt; WhaleLongMin</c>; short: <c>w &lt; WhaleShortMax</c>.</summary>
    public double WhaleLongMin { get; set; }

    public double WhaleShortMax { get; set; }

    /// <summary>Long: <c>n &gt; NewsLongMin</c>; short: <c>n &lt; NewsShortMax</c>.</summary>
    public double NewsLongMin { get; set; }

    public double NewsShortMax { get; set; }

    /// <summary><c>p ≥ MlMin</c> (only when a model is active).</summary>
    public double MlMin { get; set; }

    public static ThresholdSet SoftDefaults() => new()
    {
        LongRsiMin = 45, LongRsiMax = 72, ShortRsiMin = 28, ShortRsiMax = 55,
        AdxMin = 18, LongStochKMax = 85, ShortStochKMin = 15, VolumeRatioMin = 1.0,
        LongBbPosMax = 0.95, ShortBbPosMin = 0.05, LongMomentum4hMin = -0.005, ShortMomentum4hMax = 0.005,
        BtcLongMomentum1hMin = -0.02, BtcShortMomentum1hMax = 0.02, BtcRejectOpposingTrend = false,
        AnomalyMax = 12, WhaleLongMin = -0.8, WhaleShortMax = 0.8, NewsLongMin = -0.8, NewsShortMax = 0.8, MlMin = 0.50,
    };

    public static ThresholdSet StrictDefaults() => new()
    {
        LongRsiMin = 50, LongRsiMax = 68, ShortRsiMin = 32, ShortRsiMax = 50,
        AdxMin = 23, LongStochKMax = 80, ShortStochKMin = 20, VolumeRatioMin = 1.3,
        LongBbPosMax = 0.85, ShortBbPosMin = 0.15, LongMomentum4hMin = 0, ShortMomentum4hMax = 0,
        BtcLongMomentum1hMin = null, BtcShortMomentum1hMax = null, BtcRejectOpposingTrend = true,
        AnomalyMax = 8, WhaleLongMin = -0.5, WhaleShortMax = 0.5, NewsLongMin = -0.5, NewsShortMax = 0.5, MlMin = 0.58,
    };
}
