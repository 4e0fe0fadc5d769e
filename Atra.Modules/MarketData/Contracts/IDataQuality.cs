namespace Atra.Modules.MarketData.Contracts;

/// <summary>Per symbol and interval, what the candle feed delivered and what was wrong with it (in the service process).</summary>
public interface IDataQuality
{
    IReadOnlyList<SeriesQuality> Snapshot();
}
