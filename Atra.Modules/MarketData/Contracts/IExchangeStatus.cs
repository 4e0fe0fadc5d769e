namespace Atra.Modules.MarketData.Contracts;

/// <summary>The health of the market-data sources in use.</summary>
public interface IExchangeStatus
{
    IReadOnlyList<ExchangeHealth> Snapshot();
}
