namespace Atra.Modules.Health.Checks;

/// <summary>No market data module wired yet: no exchange components.</summary>
internal sealed class NoExchangeProbeSource : IExchangeProbeSource
{
    public IReadOnlyList<ExchangeProbe> Snapshot() => [];
}
