namespace Atra.Modules.Signals.Contracts;

/// <summary>News impact n ∈ [−1, 1] for a symbol now, from the configured feeds; 0 without feeds.</summary>
public interface INewsImpactSource
{
    ValueTask<double> GetAsync(string symbol, CancellationToken cancellationToken);
}
