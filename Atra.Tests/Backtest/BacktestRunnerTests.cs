using System.Globalization;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.Risk.Contracts;

namespace Atra.Tests.Backtest;

public sealed class BacktestRunnerTests
{
    [Test]
    public void Run_RealCandles_EveryTradeFollowsStrategyByHand()
    {
        var result = BacktestFixture.Runner().Run(BacktestFixture.Request());
        Assert.That(result.Trades, Is.Not.Empty);
        var f = new RiskSettings().FeeRate;
        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT" })
        {
            var s = CandleCsvReader.ReadFile(Path.Combine(BacktestFixture.DataDirectory, $"{symbol}-1h.csv"));
            var table = IndicatorEngine.Compute(s);
            long previousExit = long.MinValue;
            foreach (var t in result.Trades.Where(x => x.Symbol == symbol))
            {
                var i = Array.BinarySearch(s.OpenTimeMs, 0, s.Count, t.SignalTimeMs);
                var e = Array.BinarySearch(s.OpenTimeMs, 0, s.Count, t.ExitTimeMs);
                var d = (double)(int)t.Side;
                var l = t.Levels;
                Assert.That(i, Is.GreaterThanOrEqualTo(0));
                Assert.That(t.SignalTimeMs, Is.GreaterThan(previousExit), "one signal at a time, none on the closing candle");
                Assert.That(l.Entry, Is.EqualTo(s.Close[i]));
                // STRATEGY.md's levels, rounded once to the grid the file quotes prices on (0.01 for these files).
                var half = (0.01 / 2) + (1e-9 * l.Entry);
                Assert.That(l.Sl, Is.EqualTo(l.Entry - d * 1.5 * table.Atr14[i]).Within(half));
                Assert.That(l.Tp1, Is.EqualTo(l.Entry + d * 1.5 * table.Atr14[i]).Within(half));
                Assert.That(l.Tp2, Is.EqualTo(l.Entry + d * 3.0 * table.Atr14[i]).Within(half));
                Assert.That(l.Dca, Is.EqualTo(l.Entry - d * 0.75 * table.Atr14[i]).Within(half));
                Assert.That(new[] { l.Sl, l.Tp1, l.Tp2, l.Dca }.Select(p => decimal.Parse(p.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) % 0.01m),
                    Has.All.EqualTo(0m));
                Assert.That(e - i, Is.InRange(0, 48));
                // Where and how it closed.
                var adverse = t.Side == TradeSide.Long ? s.Low[e] : s.High[e];
                var favourable = t.Side == TradeSide.Long ? s.High[e] : s.Low[e];
                switch (t.ExitReason)
                {
                    case ExitReason.StopLoss:
                        Assert.That(t.Tp1Hit, Is.False);
                        Assert.That(d * (adverse - l.Sl) <= 0 || d * (s.Open[e] - l.Sl) <= 0, Is.True);
                        break;
                    case ExitReason.TakeProfit2:
                        Assert.That(d * (favourable - l.Tp2) >= 0, Is.True);
                        break;
                    case ExitReason.Timeout:
                        Assert.That(e - i, Is.EqualTo(48));
                        break;
                    case ExitReason.EndOfData:
                        Assert.That(e, Is.EqualTo(s.Count - 1));
                        break;
                    case ExitReason.Breakeven:
                        Assert.That(t.Tp1Hit, Is.True);
                        break;
                }
                // Profit formula of STRATEGY.md from the reported prices.
                var q = 1 + 0.5 * t.DcaCount;
                var entryNotional = t.AvgEntryPrice * q;
                var expected = (d * q * (t.ExitPrice - t.AvgEntryPrice) - f * (entryNotional + q * t.ExitPrice)) / entryNotional;
                Assert.That(t.ProfitPct, Is.EqualTo(expected).Within(1e-12));
                previousExit = t.ExitTimeMs;
            }
        }
    }

    [Test]
    public void Run_OneThreadOrTwo_IdenticalTrades()
    {
        var one = BacktestFixture.Runner().Run(BacktestFixture.Request(threads: 1));
        var two = BacktestFixture.Runner().Run(BacktestFixture.Request(threads: 2));
        Assert.That(two.Trades, Is.EqualTo(one.Trades));
        Assert.That(two.Summary.Soft, Is.EqualTo(one.Summary.Soft));
        Assert.That(two.Summary.Strict, Is.EqualTo(one.Summary.Strict));
    }

    [Test]
    public void Run_LaterCandlesRemoved_EarlierDecisionsUnchanged()
    {
        // No look-ahead: cut the files at a time; every signal before the cut is the same signal, and every trade
        // that closed before the cut closed the same way.
        var full = BacktestFixture.Runner().Run(BacktestFixture.Request());
        var cut = Path.Combine(Path.GetTempPath(), "atra-cut-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cut);
        try
        {
            foreach (var file in Directory.GetFiles(BacktestFixture.DataDirectory, "*.csv"))
            {
                var lines = File.ReadAllLines(file);
                File.WriteAllLines(Path.Combine(cut, Path.GetFileName(file)), lines.Take(2001));
            }
            var partial = BacktestFixture.Runner().Run(BacktestFixture.Request(cut));
            var lastTime = CandleCsvReader.ReadFile(Path.Combine(cut, "BTCUSDT-1h.csv")).OpenTimeMs[1999];
            var expectedSignals = full.Trades.Where(t => t.SignalTimeMs <= lastTime).Select(t => (t.Symbol, t.SignalTimeMs, t.Side, t.Mode, t.Levels)).ToList();
            Assert.That(partial.Trades.Select(t => (t.Symbol, t.SignalTimeMs, t.Side, t.Mode, t.Levels)).ToList(), Is.EqualTo(expectedSignals));
            foreach (var t in partial.Trades.Where(t => t.ExitReason != ExitReason.EndOfData))
            {
                var same = full.Trades.Single(x => x.Symbol == t.Symbol && x.SignalTimeMs == t.SignalTimeMs);
                Assert.That(t with { SignalId = same.SignalId }, Is.EqualTo(same));
            }
        }
        finally
        {
            Directory.Delete(cut, recursive: true);
        }
    }

    [Test]
    public void Run_UnknownSymbol_InputError()
    {
        var request = BacktestFixture.Request() with { Symbols = ["DOGEUSDT"] };
        Assert.That(() => BacktestFixture.Runner().Run(request), Throws.TypeOf<BacktestInputException>().With.Message.Contains("DOGEUSDT-1h.csv"));
    }

    [Test]
    public void Run_FromTo_ReplaysOnlyTheRange()
    {
        var all = BacktestFixture.Runner().Run(BacktestFixture.Request());
        var s = CandleCsvReader.ReadFile(Path.Combine(BacktestFixture.DataDirectory, "BTCUSDT-1h.csv"));
        var request = BacktestFixture.Request() with { FromMs = s.OpenTimeMs[1000], ToMs = s.OpenTimeMs[2000] };
        var part = BacktestFixture.Runner().Run(request);
        Assert.That(part.Summary.Candles, Is.EqualTo(2000));
        Assert.That(part.Trades.All(t => t.SignalTimeMs >= s.OpenTimeMs[1000] && t.ExitTimeMs < s.OpenTimeMs[2000]), Is.True);
        Assert.That(all.Summary.Candles, Is.EqualTo(6000));
    }
}
