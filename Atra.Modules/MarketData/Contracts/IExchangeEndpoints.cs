namespace Atra.Modules.MarketData.Contracts;

/// <summary>What <c>Market:Source</c> talks to, for probes outside the running feed (<c>atra health</c> on its own).</summary>
public interface IExchangeEndpoints
{
    /// <summary><c>Binance</c>, <c>Bybit</c> or <c>Replay</c>, as configured.</summary>
    string Source { get; }

    /// <summary>The server-time endpoints of the source (empty for a replay, which asks no exchange).</summary>
    IReadOnlyList<ExchangeTimeEndpoint> TimeEndpoints { get; }
}
