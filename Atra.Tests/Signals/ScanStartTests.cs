using Atra.Modules.Signals.Contracts;
using Atra.Tests.Backtest;
using Atra.Tests.Fakes;
using Atra.Tests.Host;

namespace Atra.Tests.Signals;

/// <summary>Issue 13 item 15: the scan's start refuses an interval nobody streams, and a restart knows BTC's trend at once.</summary>
[NonParallelizable]
public sealed class ScanStartTests
{
    [Test]
    public async Task Serve_StrategyIntervalNotStreamed_RefusedNamingBothSettingsAndExits1()
    {
        using var folder = new TempFolder();

        var (exit, _, err) = await CliTests.RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--Storage:Sqlite={folder.File("atra.db")}",
            $"--Storage:BackupFolder={folder.File("backups")}", $"--Logs:Folder={folder.File("logs")}", "--Signals:Interval=4h", "--Market:Intervals:0=1h");

        Assert.That(exit, Is.EqualTo(1), err);
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(err, Does.Contain("Signals:Interval: '4h'").And.Contain("Market:Intervals"));
    }

    /// <summary>
    /// A restart just before a candle on which the backtest gives an ETH signal a known BTC trend: that candle is the
    /// first the new process sees (ETH's comes before BTC's of the same time), and it must be judged with BTC's trend
    /// warmed from the candle store, not as unknown.
    /// </summary>
    [Test]
    public async Task Restart_FirstCandleIsASignalOfAnotherSymbol_JudgedWithBtcTrendFromTheStore()
    {
        using var folder = new TempFolder();
        var backtest = BacktestFixture.Runner().Run(BacktestFixture.Request());
        var candles = ScanHarness.ReplayOrder(BacktestFixture.DataDirectory, "ETHUSDT", "BTCUSDT");
        var target = backtest.Trades.First(t => t.Symbol == "ETHUSDT" && t.Features.BtcTrend != BtcTrend.Unknown
            && candles.FindIndex(c => c.Candle.OpenTimeMs == t.SignalTimeMs) > 500);
        var restartAt = candles.FindIndex(c => c.Symbol == "ETHUSDT" && c.Candle.OpenTimeMs == target.SignalTimeMs);

        await using var scan = new ScanHarness(folder.Path, []);
        for (var k = 0; k <= restartAt + 1; k++)
        {
            if (k == restartAt)
            {
                await scan.RestartAsync();
            }
            await scan.HandleAsync(candles[k].Symbol, candles[k].Candle);
        }

        var row = (await scan.RowsAsync()).Single(r => r.Symbol == "ETHUSDT" && r.SignalTime == target.SignalTimeMs);
        Assert.That((row.BtcTrend, row.FilterMode), Is.EqualTo((target.Features.BtcTrend.ToText(), target.Mode.ToText())));
    }
}
