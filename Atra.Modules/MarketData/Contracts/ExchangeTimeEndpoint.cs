namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// A public REST endpoint of the configured exchange answering its server time (weight 1, no key), which a probe can
/// ask to learn reachability, latency and clock skew. <see cref="TimeField"/> is the JSON property holding Unix
/// milliseconds at the top level of the answer.
/// </summary>
public sealed record ExchangeTimeEndpoint(string Exchange, Uri Url, string TimeField);
