using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Backtest;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Guards;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Strategy;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Backtest;

/// <summary>Real 1h candles (the last 3,000 rows of BTCUSDT and ETHUSDT) and a runner on the default settings.</summary>
internal static class BacktestFixture
{
    public static string DataDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Backtest");

    public static BacktestRunner Runner(RiskSettings? risk = null, ISignalProbabilityModel? model = null)
    {
        var r = risk ?? new RiskSettings();
        var signals = new SignalsSettings();
        return new BacktestRunner(new EmaCrossStrategy(signals), Options.Create(r), Options.Create(signals), new SignalGuardBookFactory(Options.Create(r)),
            model is null ? [] : [model]);
    }

    public static BacktestRequest Request(string? directory = null, int threads = 2) =>
        new(directory ?? DataDirectory, "1h", null, null, null, false, path => CandleCsvReader.ReadFile(path)) { MaxDegreeOfParallelism = threads };
}
