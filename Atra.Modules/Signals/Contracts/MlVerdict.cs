namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// What the active model says of one candidate: its calibrated probability of a win, whether any input lay outside
/// the range the model was trained on (then the probability is an extrapolation, so the signal cannot pass the strict
/// threshold), and the registry version that judged it. <see cref="None"/> (no active model, or the model failed):
/// the ML check is skipped and <c>ml_probability</c> stays empty.
/// </summary>
public readonly record struct MlVerdict(double Probability, bool OutOfRange, int ModelVersion)
{
    public static MlVerdict None => new(double.NaN, false, 0);

    public bool IsKnown => !double.IsNaN(Probability);
}
