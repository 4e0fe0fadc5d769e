namespace Atra.Modules.Health.Checks;

/// <summary>
/// Where the exchange check reads each exchange's state. The integrator points it at MarketData's
/// <c>IExchangeStatus.Snapshot()</c> (an adapter of a few lines mapping <c>ExchangeHealth</c> to
/// <see cref="ExchangeProbe"/>); until then <see cref="NoExchangeProbeSource"/> reports no exchange.
/// </summary>
internal interface IExchangeProbeSource
{
    IReadOnlyList<ExchangeProbe> Snapshot();
}
