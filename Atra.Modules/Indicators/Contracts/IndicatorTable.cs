namespace Atra.Modules.Indicators.Contracts;

/// <summary>
/// The whole-series result: one array per column, row-aligned with the candle series, NaN where undefined.
/// Column order and names are those <c>atra indicators</c> writes (<see cref="ColumnNames"/>).
/// </summary>
public sealed class IndicatorTable
{
    public static readonly string[] ColumnNames =
    [
        "ema7", "ema25", "rsi14", "adx14", "stochrsi_k", "stochrsi_d", "atr14",
        "bb_upper", "bb_middle", "bb_lower", "bb_pos", "volume_ratio", "momentum_1h", "momentum_4h",
    ];

    public IndicatorTable(int count)
    {
        Count = count;
        Ema7 = new double[count];
        Ema25 = new double[count];
        Rsi14 = new double[count];
        Adx14 = new double[count];
        StochRsiK = new double[count];
        StochRsiD = new double[count];
        Atr14 = new double[count];
        BbUpper = new double[count];
        BbMiddle = new double[count];
        BbLower = new double[count];
        BbPos = new double[count];
        VolumeRatio = new double[count];
        Momentum1h = new double[count];
        Momentum4h = new double[count];
    }

    public int Count { get; }

    public double[] Ema7 { get; }
    public double[] Ema25 { get; }
    public double[] Rsi14 { get; }
    public double[] Adx14 { get; }
    public double[] StochRsiK { get; }
    public double[] StochRsiD { get; }
    public double[] Atr14 { get; }
    public double[] BbUpper { get; }
    public double[] BbMiddle { get; }
    public double[] BbLower { get; }
    public double[] BbPos { get; }
    public double[] VolumeRatio { get; }
    public double[] Momentum1h { get; }
    public double[] Momentum4h { get; }

    /// <summary>The columns in <see cref="ColumnNames"/> order.</summary>
    public double[][] Columns() =>
        [Ema7, Ema25, Rsi14, Adx14, StochRsiK, StochRsiD, Atr14, BbUpper, BbMiddle, BbLower, BbPos, VolumeRatio, Momentum1h, Momentum4h];

    /// <summary>Row <paramref name="i"/> as a snapshot (same values the streaming form yields for that candle).</summary>
    public IndicatorSnapshot Row(int i, long openTimeMs) => new()
    {
        OpenTimeMs = openTimeMs,
        Ema7 = Ema7[i],
        Ema25 = Ema25[i],
        Rsi14 = Rsi14[i],
        Adx14 = Adx14[i],
        StochRsiK = StochRsiK[i],
        StochRsiD = StochRsiD[i],
        Atr14 = Atr14[i],
        BbUpper = BbUpper[i],
        BbMiddle = BbMiddle[i],
        BbLower = BbLower[i],
        BbPos = BbPos[i],
        VolumeRatio = VolumeRatio[i],
        Momentum1h = Momentum1h[i],
        Momentum4h = Momentum4h[i],
    };
}
