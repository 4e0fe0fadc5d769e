namespace Atra.Modules.Signals.Contracts;

/// <summary>A signal passing the soft thresholds is <see cref="Soft"/>; passing every strict one as well, <see cref="Strict"/>.</summary>
public enum FilterMode
{
    Soft,
    Strict,
}
