using System.Text.Json;
using Atra.Modules.Backtest.Reports;

namespace Atra.Tests.Backtest;

/// <summary><c>atra backtest</c> end to end: exit codes and the exact output format of INTERFACES.md.</summary>
public sealed class BacktestCommandTests
{
    private string _out = "";

    [SetUp]
    public void SetUp() => _out = Path.Combine(Path.GetTempPath(), "atra-bt-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private string[] Args(params string[] extra) =>
        ["backtest", "--data", BacktestFixture.DataDirectory, "--out", _out, .. extra,
         $"--Storage:Sqlite={Path.Combine(_out, "db", "atra.db")}", $"--Storage:BackupFolder={Path.Combine(_out, "db", "backups")}"];

    [Test]
    public async Task Backtest_RealFiles_WritesTradesCsvAndSummaryJsonExactly()
    {
        var exit = await Atra.Host.Program.Main(Args("--symbols", "BTCUSDT,ETHUSDT", "--json"));
        Assert.That(exit, Is.EqualTo(0));
        var lines = await File.ReadAllLinesAsync(Path.Combine(_out, "trades.csv"));
        Assert.That(lines[0], Is.EqualTo(
            "signal_id,symbol,side,filter_mode,signal_time_ms,entry_price,sl_price,tp1_price,tp2_price,dca_price," +
            "exit_time_ms,exit_price,exit_reason,tp1_hit,dca_count,avg_entry_price,profit_pct,result," +
            "ema7,ema25,rsi14,adx14,stochrsi_k,stochrsi_d,atr14,bb_pos,volume_ratio,momentum_1h,momentum_4h," +
            "btc_trend,anomaly_score,whale_impact,news_impact,ml_probability"));
        Assert.That(lines[0], Is.EqualTo(TradesCsvWriter.Header));
        Assert.That(lines.Length, Is.GreaterThan(1));
        var first = lines[1].Split(',');
        Assert.That(first, Has.Length.EqualTo(34));
        Assert.That(first[0], Is.EqualTo("1"));
        Assert.That(first[2], Is.AnyOf("long", "short"));
        Assert.That(first[3], Is.AnyOf("soft", "strict"));
        Assert.That(first[13], Is.AnyOf("0", "1"));
        Assert.That(first[17], Is.AnyOf("win", "loss"));
        Assert.That(first[33], Is.Empty, "no ML model: ml_probability is empty");

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "summary.json")));
        var root = summary.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "interval", "from", "to", "symbols", "candles", "elapsed_ms", "candles_per_second", "soft", "strict",
        }));
        Assert.That(root.GetProperty("soft").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "trades", "wins", "losses", "win_rate", "avg_profit_pct", "total_profit_pct", "profit_factor", "max_drawdown_pct", "sharpe", "sortino",
        }));
        Assert.That(root.GetProperty("soft").GetProperty("trades").GetInt32(), Is.EqualTo(lines.Length - 1));
        Assert.That(root.GetProperty("candles").GetInt64(), Is.EqualTo(6000));
    }

    [Test]
    public async Task Backtest_MissingSymbolFile_ExitsOne()
    {
        var exit = await Atra.Host.Program.Main(Args("--symbols", "DOGEUSDT"));
        Assert.That(exit, Is.EqualTo(1));
    }
}
