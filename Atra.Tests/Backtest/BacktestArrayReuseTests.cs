using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Tests.Fakes;

namespace Atra.Tests.Backtest;

/// <summary>
/// A worker reuses its candle and indicator arrays from symbol to symbol (a shorter file after a longer one leaves
/// stale rows beyond the new count): every symbol must still get exactly the trades it gets when run alone.
/// </summary>
public sealed class BacktestArrayReuseTests
{
    [Test]
    public void Run_ArraysReusedAcrossSymbols_SameTradesAsEachSymbolAlone()
    {
        using var folder = new TempFolder();
        var btc = File.ReadAllLines(Path.Combine(BacktestFixture.DataDirectory, "BTCUSDT-1h.csv"));
        var eth = File.ReadAllLines(Path.Combine(BacktestFixture.DataDirectory, "ETHUSDT-1h.csv"));
        File.WriteAllLines(folder.File("AAAUSDT-1h.csv"), eth[..1501]);
        File.WriteAllLines(folder.File("BTCUSDT-1h.csv"), btc);
        File.WriteAllLines(folder.File("ETHUSDT-1h.csv"), eth);
        File.WriteAllLines(folder.File("YYYUSDT-1h.csv"), btc[..1001]);
        File.WriteAllLines(folder.File("ZZZUSDT-1h.csv"), btc);
        string[] symbols = ["AAAUSDT", "BTCUSDT", "ETHUSDT", "YYYUSDT", "ZZZUSDT"];

        foreach (var threads in new[] { 1, 2 })
        {
            var all = BacktestFixture.Runner().Run(Reusing(folder.Path, threads));
            Assert.That(all.Summary.Symbols, Is.EqualTo(symbols));
            foreach (var symbol in symbols)
            {
                var alone = BacktestFixture.Runner().Run(BacktestFixture.Request(folder.Path, threads: 1) with { Symbols = [symbol] });
                Assert.That(alone.Trades, Is.Not.Empty, symbol);
                Assert.That(Unnumbered(all.Trades.Where(t => t.Symbol == symbol)), Is.EqualTo(Unnumbered(alone.Trades)), $"{symbol}, {threads} thread(s)");
            }
        }
    }

    [Test]
    public void Run_ReusingOrNot_IdenticalResults()
    {
        var plain = BacktestFixture.Runner().Run(BacktestFixture.Request(threads: 1));
        var reusing = BacktestFixture.Runner().Run(Reusing(BacktestFixture.DataDirectory, 2));
        Assert.That(reusing.Trades, Is.EqualTo(plain.Trades));
        Assert.That(reusing.Summary with { ElapsedMs = 0, CandlesPerSecond = 0 }, Is.EqualTo(plain.Summary with { ElapsedMs = 0, CandlesPerSecond = 0 }).Using<BacktestSummary>(SameSummary));
    }

    private static BacktestRequest Reusing(string folder, int threads) =>
        BacktestFixture.Request(folder, threads) with { LoadFileInto = (path, reuse) => CandleCsvReader.ReadFile(path, reuse) };

    private static List<BacktestTrade> Unnumbered(IEnumerable<BacktestTrade> trades) => trades.Select(t => t with { SignalId = 0 }).ToList();

    private static bool SameSummary(BacktestSummary a, BacktestSummary b) =>
        a.Symbols.SequenceEqual(b.Symbols) && a with { Symbols = b.Symbols } == b;
}
