using System.Text.Json;
using Atra.Modules.Backtest.Contracts;

namespace Atra.Modules.Backtest.Reports;

/// <summary>summary.json exactly as INTERFACES.md names it (snake_case, nulls where a metric does not exist).</summary>
internal static class SummaryJsonWriter
{
    public static void Write(string path, BacktestSummary summary)
    {
        using var stream = File.Create(path);
        Write(stream, summary);
    }

    public static string ToJson(BacktestSummary summary)
    {
        using var stream = new MemoryStream();
        Write(stream, summary);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Stream stream, BacktestSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("interval", summary.Interval);
        w.WriteString("from", summary.From);
        w.WriteString("to", summary.To);
        w.WriteStartArray("symbols");
        foreach (var s in summary.Symbols)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
        w.WriteNumber("candles", summary.Candles);
        w.WriteNumber("elapsed_ms", summary.ElapsedMs);
        w.WriteNumber("candles_per_second", summary.CandlesPerSecond);
        Metrics(w, "soft", summary.Soft);
        Metrics(w, "strict", summary.Strict);
        w.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter w, string name, BacktestMetrics m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("trades", m.Trades);
        w.WriteNumber("wins", m.Wins);
        w.WriteNumber("losses", m.Losses);
        Number(w, "win_rate", m.WinRate);
        Number(w, "avg_profit_pct", m.AvgProfitPct);
        Number(w, "total_profit_pct", m.TotalProfitPct);
        Number(w, "profit_factor", m.ProfitFactor);
        Number(w, "max_drawdown_pct", m.MaxDrawdownPct);
        Number(w, "sharpe", m.Sharpe);
        Number(w, "sortino", m.Sortino);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
