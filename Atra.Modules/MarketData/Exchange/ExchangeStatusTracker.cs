using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>Collects what the clients and the worker learn about each source; read by the Health module.</summary>
internal sealed class ExchangeStatusTracker(TimeProvider clock) : IExchangeStatus
{
    private readonly ConcurrentDictionary<string, ExchangeHealth> _health = new(StringComparer.Ordinal);

    public IReadOnlyList<ExchangeHealth> Snapshot() => [.. _health.Values.OrderBy(h => h.Exchange, StringComparer.Ordinal)];

    public ExchangeHealth Get(string exchange) => _health.GetValueOrDefault(exchange) ?? Empty(exchange);

    public void Success(string exchange, TimeSpan latency) =>
        Update(exchange, h => h with { Reachable = true, LastLatency = latency, LastSuccessAt = clock.GetUtcNow(), LastError = null });

    public void Failure(string exchange, string error) => Update(exchange, h => h with { Reachable = false, LastError = error });

    /// <summary>A problem that does not make the exchange unreachable (a rate limit wait, a socket reconnect).</summary>
    public void Warning(string exchange, string error) => Update(exchange, h => h with { LastError = error });

    public void Weight(string exchange, int used, int limit) => Update(exchange, h => h with { UsedWeight = used, WeightLimit = limit });

    public void CandleReceived(string exchange) =>
        Update(exchange, h => h with { Reachable = true, LastCandleAt = clock.GetUtcNow() });

    public void Touch(string exchange) => Update(exchange, h => h);

    private void Update(string exchange, Func<ExchangeHealth, ExchangeHealth> change) =>
        _health.AddOrUpdate(exchange, e => change(Empty(e)), (_, old) => change(old));

    private static ExchangeHealth Empty(string exchange) => new(exchange, false, null, null, null, null, null, null);
}
