using Atra.Modules.Health.StatusPage;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;

namespace Atra.Tests.Host;

/// <summary>The status page's candle source over a real candle file (Binance BTCUSDT 1h), until MarketData's store is wired.</summary>
internal sealed class CsvCandleSource(string path) : IStatusCandleSource
{
    private readonly CandleSeries _series = CandleCsvReader.ReadFile(path, "BTCUSDT", "1h");

    public ValueTask<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<string>>(["BTCUSDT"]);

    public ValueTask<IReadOnlyList<Candle>> RecentAsync(string symbol, string interval, int limit, CancellationToken cancellationToken)
    {
        if (symbol != _series.Symbol || interval != _series.Interval)
        {
            return ValueTask.FromResult<IReadOnlyList<Candle>>([]);
        }
        var from = Math.Max(0, _series.Count - limit);
        var candles = new Candle[_series.Count - from];
        for (var i = from; i < _series.Count; i++)
        {
            candles[i - from] = _series[i];
        }
        return ValueTask.FromResult<IReadOnlyList<Candle>>(candles);
    }
}
