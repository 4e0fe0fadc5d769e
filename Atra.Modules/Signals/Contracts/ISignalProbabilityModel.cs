namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// The ML hook: the probability that a candidate signal wins. No registered model (or <see cref="IsActive"/> false)
/// means the ML check is skipped and <c>ml_probability</c> stays empty. Called from scanning threads at once:
/// implementations are thread-safe, and a model swap is atomic for every caller.
/// </summary>
public interface ISignalProbabilityModel
{
    bool IsActive { get; }

    /// <summary>The verdict on a candidate (its features at signal time); <see cref="MlVerdict.None"/> when the model cannot judge it.</summary>
    MlVerdict Predict(in SignalCandidate candidate);
}
