using System.Security.Cryptography;
using System.Text;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.MLOps.Features;

/// <summary>
/// The model's inputs, in order, named as the trades.csv columns (derived ones get their own names). Raw indicator
/// levels that scale with the price (ema7, ema25, atr14) enter only as ratios, so one model serves every symbol and
/// every price era. Whale and news impact are left out: a backtest has no feed for them (always 0), so a model
/// trained on backtest rows could not have learned anything from them. The schema hash covers names and
/// definitions: a model trained under another schema is refused when loaded.
/// </summary>
internal static class FeatureSchema
{
    public const int Count = 14;

    /// <summary>Bump when a definition below changes (the hash changes with it, and older models are refused).</summary>
    private const string Definitions = """
        side: 1 long, 0 short
        ema_gap_atr: (ema7 - ema25) / atr14
        rsi14; adx14; stochrsi_k; stochrsi_d: as trades.csv
        atr_pct: atr14 / entry
        bb_pos; volume_ratio; momentum_1h; momentum_4h: as trades.csv
        btc_trend: 1 bullish, 0 neutral, -1 bearish, empty unknown
        btc_momentum_1h: BTC momentum_1h at signal time
        anomaly_score: as trades.csv
        v1
        """;

    public static readonly string[] Names =
    [
        "side", "ema_gap_atr", "rsi14", "adx14", "stochrsi_k", "stochrsi_d", "atr_pct", "bb_pos", "volume_ratio",
        "momentum_1h", "momentum_4h", "btc_trend", "btc_momentum_1h", "anomaly_score",
    ];

    public static readonly string Hash = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Names) + "\n" + Definitions.ReplaceLineEndings("\n"))));

    /// <summary>The raw vector (NaN where a value is undefined) of a signal at its time. Writes exactly <see cref="Count"/> values.</summary>
    public static void Fill(TradeSide side, double entry, in SignalFeatures f, Span<double> into)
    {
        into[0] = side == TradeSide.Long ? 1 : 0;
        into[1] = Ratio(f.Ema7 - f.Ema25, f.Atr14);
        into[2] = f.Rsi14;
        into[3] = f.Adx14;
        into[4] = f.StochRsiK;
        into[5] = f.StochRsiD;
        into[6] = Ratio(f.Atr14, entry);
        into[7] = f.BbPos;
        into[8] = f.VolumeRatio;
        into[9] = f.Momentum1h;
        into[10] = f.Momentum4h;
        into[11] = f.BtcTrend switch
        {
            BtcTrend.Bullish => 1,
            BtcTrend.Neutral => 0,
            BtcTrend.Bearish => -1,
            _ => double.NaN,
        };
        into[12] = f.BtcMomentum1h;
        into[13] = f.AnomalyScore;
    }

    public static double[] Vector(TradeSide side, double entry, in SignalFeatures f)
    {
        var v = new double[Count];
        Fill(side, entry, in f, v);
        return v;
    }

    private static double Ratio(double a, double b) => double.IsFinite(a) && double.IsFinite(b) && b != 0 ? a / b : double.NaN;
}
