using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// The exchange check's view of MarketData's status. A closed candle normally arrives once per interval, so the
/// arrival time is moved forward by the shortest configured interval: the check's candle-lag thresholds then
/// measure lateness beyond the expected gap, the same on 1m and 1h feeds.
/// </summary>
internal sealed class MarketDataExchangeProbeSource(IExchangeStatus status, TimeSpan expectedGap) : IExchangeProbeSource
{
    public IReadOnlyList<ExchangeProbe> Snapshot()
    {
        var snapshot = status.Snapshot();
        var probes = new List<ExchangeProbe>(snapshot.Count);
        foreach (var h in snapshot)
        {
            probes.Add(new ExchangeProbe(
                h.Exchange, h.Reachable, h.LastLatency, h.UsedWeight, h.WeightLimit,
                h.LastCandleAt + expectedGap, h.LastSuccessAt, h.LastError));
        }
        return probes;
    }
}
