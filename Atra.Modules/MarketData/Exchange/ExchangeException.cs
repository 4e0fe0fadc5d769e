namespace Atra.Modules.MarketData.Exchange;

/// <summary>An exchange request that failed: unreachable, rate limited, banned (418) or answered with an error body.</summary>
internal sealed class ExchangeException(string exchange, string message, int? statusCode = null, Exception? inner = null)
    : Exception($"{exchange}: {message}", inner)
{
    public string Exchange { get; } = exchange;

    public int? StatusCode { get; } = statusCode;
}
