using Atra.Modules.MarketData.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>The server-time endpoint of the configured market: Binance spot or futures (its own host), or Bybit v5.</summary>
internal sealed class ConfiguredExchangeEndpoints(IOptions<MarketOptions> options) : IExchangeEndpoints
{
    public string Source => options.Value.Source;

    public IReadOnlyList<ExchangeTimeEndpoint> TimeEndpoints
    {
        get
        {
            var o = options.Value;
            if (o.Source.Equals("Binance", StringComparison.OrdinalIgnoreCase))
            {
                return o.Binance.IsFutures
                    ? [new("Binance", Under(o.Binance.FuturesBaseUrl, "fapi/v1/time"), "serverTime")]
                    : [new("Binance", Under(o.Binance.SpotBaseUrl, "api/v3/time"), "serverTime")];
            }
            if (o.Source.Equals("Bybit", StringComparison.OrdinalIgnoreCase))
            {
                return [new("Bybit", Under(o.Bybit.BaseUrl, "v5/market/time"), "time")];
            }
            return [];
        }
    }

    private static Uri Under(string baseUrl, string path) => new(new Uri(baseUrl.TrimEnd('/') + "/"), path);
}
