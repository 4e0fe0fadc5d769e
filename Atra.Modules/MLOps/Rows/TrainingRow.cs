namespace Atra.Modules.MLOps.Rows;

/// <summary>
/// One signal with its features at signal time (<see cref="Features.FeatureSchema"/> order, NaN where undefined) and
/// its realised outcome: a win when <see cref="ProfitPct"/> &gt; 0 (STRATEGY.md <c>result</c>). The outcome is known
/// from <see cref="ExitTimeMs"/> on, so a training window ending at T only holds rows that exited before T.
/// <see cref="MlProbability"/> is what the serving model said at the time (NaN: no model), for concept drift.
/// <see cref="Closed"/> false: a backtest trade still open at the end of the data or window (drift samples use its
/// features; it has no outcome, so training and concept drift leave it out).
/// </summary>
internal sealed record TrainingRow(string Symbol, long SignalTimeMs, long ExitTimeMs, double ProfitPct, double[] Features, double MlProbability, bool Closed = true)
{
    public bool Win => ProfitPct > 0;
}
