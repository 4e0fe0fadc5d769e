namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// The ML hook: the probability that a candidate signal wins. No registered model (or <see cref="IsActive"/> false)
/// means the ML check is skipped and <c>ml_probability</c> stays empty.
/// </summary>
public interface ISignalProbabilityModel
{
    bool IsActive { get; }

    /// <summary>A probability in [0, 1]; NaN when the model cannot judge this candidate.</summary>
    double Predict(in SignalCandidate candidate);
}
