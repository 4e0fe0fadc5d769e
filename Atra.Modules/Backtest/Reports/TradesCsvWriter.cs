using System.Globalization;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest.Reports;

/// <summary>trades.csv exactly as INTERFACES.md names it; numbers round-trip, undefined values are empty cells.</summary>
internal static class TradesCsvWriter
{
    public const string Header =
        "signal_id,symbol,side,filter_mode,signal_time_ms,entry_price,sl_price,tp1_price,tp2_price,dca_price," +
        "exit_time_ms,exit_price,exit_reason,tp1_hit,dca_count,avg_entry_price,profit_pct,result," +
        "ema7,ema25,rsi14,adx14,stochrsi_k,stochrsi_d,atr14,bb_pos,volume_ratio,momentum_1h,momentum_4h," +
        "btc_trend,anomaly_score,whale_impact,news_impact,ml_probability";

    public static void Write(string path, IReadOnlyList<BacktestTrade> trades)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        Write(writer, trades);
    }

    public static void Write(TextWriter writer, IReadOnlyList<BacktestTrade> trades)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trades);
        writer.WriteLine(Header);
        foreach (var t in trades)
        {
            var l = t.Levels;
            var f = t.Features;
            writer.Write(t.SignalId.ToString(CultureInfo.InvariantCulture));
            Field(writer, t.Symbol);
            Field(writer, t.Side.ToText());
            Field(writer, t.Mode.ToText());
            Field(writer, t.SignalTimeMs.ToString(CultureInfo.InvariantCulture));
            Number(writer, l.Entry);
            Number(writer, l.Sl);
            Number(writer, l.Tp1);
            Number(writer, l.Tp2);
            Number(writer, l.Dca);
            Field(writer, t.ExitTimeMs.ToString(CultureInfo.InvariantCulture));
            Number(writer, t.ExitPrice);
            Field(writer, t.ExitReason.ToText());
            Field(writer, t.Tp1Hit ? "1" : "0");
            Field(writer, t.DcaCount.ToString(CultureInfo.InvariantCulture));
            Number(writer, t.AvgEntryPrice);
            Number(writer, t.ProfitPct);
            Field(writer, t.Result);
            Number(writer, f.Ema7);
            Number(writer, f.Ema25);
            Number(writer, f.Rsi14);
            Number(writer, f.Adx14);
            Number(writer, f.StochRsiK);
            Number(writer, f.StochRsiD);
            Number(writer, f.Atr14);
            Number(writer, f.BbPos);
            Number(writer, f.VolumeRatio);
            Number(writer, f.Momentum1h);
            Number(writer, f.Momentum4h);
            Field(writer, f.BtcTrend.ToText());
            Number(writer, f.AnomalyScore);
            Number(writer, f.WhaleImpact);
            Number(writer, f.NewsImpact);
            Number(writer, f.MlProbability);
            writer.WriteLine();
        }
    }

    private static void Field(TextWriter writer, string value)
    {
        writer.Write(',');
        writer.Write(value);
    }

    private static void Number(TextWriter writer, double value)
    {
        writer.Write(',');
        if (double.IsFinite(value))
        {
            writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
