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

    private IndicatorTable(int count, int capacity)
    {
        Count = count;
        // Uninitialised: Compute writes every row below Count, rows beyond it are never read.
        Ema7 = GC.AllocateUninitializedArray<double>(capacity);
        Ema25 = GC.AllocateUninitializedArray<double>(capacity);
        Rsi14 = GC.AllocateUninitializedArray<double>(capacity);
        Adx14 = GC.AllocateUninitializedArray<double>(capacity);
        StochRsiK = GC.AllocateUninitializedArray<double>(capacity);
        StochRsiD = GC.AllocateUninitializedArray<double>(capacity);
        Atr14 = GC.AllocateUninitializedArray<double>(capacity);
        BbUpper = GC.AllocateUninitializedArray<double>(capacity);
        BbMiddle = GC.AllocateUninitializedArray<double>(capacity);
        BbLower = GC.AllocateUninitializedArray<double>(capacity);
        BbPos = GC.AllocateUninitializedArray<double>(capacity);
        VolumeRatio = GC.AllocateUninitializedArray<double>(capacity);
        Momentum1h = GC.AllocateUninitializedArray<double>(capacity);
        Momentum4h = GC.AllocateUninitializedArray<double>(capacity);
    }

    private IndicatorTable(int count, IndicatorTable arrays)
    {
        Count = count;
        (Ema7, Ema25, Rsi14, Adx14, StochRsiK, StochRsiD, Atr14) =
            (arrays.Ema7, arrays.Ema25, arrays.Rsi14, arrays.Adx14, arrays.StochRsiK, arrays.StochRsiD, arrays.Atr14);
        (BbUpper, BbMiddle, BbLower, BbPos, VolumeRatio, Momentum1h, Momentum4h) =
            (arrays.BbUpper, arrays.BbMiddle, arrays.BbLower, arrays.BbPos, arrays.VolumeRatio, arrays.Momentum1h, arrays.Momentum4h);
    }

    /// <summary>
    /// A table of <paramref name="count"/> rows for <see cref="IndicatorEngine.Compute(Atra.Modules.MarketData.Contracts.CandleSeries, IndicatorTable)"/>
    /// over the arrays of <paramref name="reuse"/> when they are long enough (which then must no longer be read),
    /// else over new ones with room to spare. A loop over many series that needs one table at a time touches its
    /// memory once instead of once per series. Values are defined only after Compute.
    /// </summary>
    public static IndicatorTable Reuse(IndicatorTable? reuse, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return reuse is not null && reuse.Ema7.Length >= count ? new IndicatorTable(count, reuse) : new IndicatorTable(count, count + (count / 4));
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
