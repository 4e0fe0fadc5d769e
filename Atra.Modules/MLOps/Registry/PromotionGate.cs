using System.Globalization;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.MLOps.Training;

namespace Atra.Modules.MLOps.Registry;

/// <summary>
/// Whether a challenger may replace the champion. On the same out-of-sample rows (the challenger's evaluation rows
/// signalled after the champion's last training outcome, so neither model saw them): the challenger's log loss is
/// lower in at least <c>MLOps:GateConfidence</c> (90 %) of paired bootstrap resamples, its Brier score is not worse,
/// and it keeps at least <c>MLOps:GateMinKeptStrict</c> (5 %) of the signals at the strict threshold. The first
/// model has no champion to beat: it must keep that share and beat the unfiltered strategy's profit factor on its
/// evaluation rows (the signals it keeps at the soft threshold against all of them).
/// </summary>
internal static class PromotionGate
{
    public static GateDecision Decide(
        IReadOnlyList<EvaluationRow> challenger, ScoringModel? champion, ModelCard? championCard, MLOpsOptions o, double softThreshold, double strictThreshold)
    {
        if (champion is null || championCard is null)
        {
            return First(challenger, o, softThreshold, strictThreshold);
        }
        var shared = challenger.Where(r => r.SignalTimeMs > championCard.TrainedThroughMs).ToList();
        if (shared.Count < o.GateMinRows)
        {
            return new GateDecision(false, string.Create(CultureInfo.InvariantCulture,
                $"only {shared.Count} out-of-sample rows after champion v{championCard.Version}'s training window (the gate needs {o.GateMinRows})"), shared.Count, null, null, null, null);
        }
        var pChallenger = shared.Select(r => r.Probability).ToArray();
        var pChampion = champion.Probabilities([.. shared.Select(r => r.Features)]);
        var profit = shared.Select(r => r.ProfitPct).ToArray();
        var lossChallenger = new double[shared.Count];
        var lossChampion = new double[shared.Count];
        for (var i = 0; i < shared.Count; i++)
        {
            lossChallenger[i] = ScoreMetrics.PointLogLoss(pChallenger[i], profit[i] > 0);
            lossChampion[i] = ScoreMetrics.PointLogLoss(pChampion[i], profit[i] > 0);
        }
        var random = new Random(o.Seed);
        var better = 0;
        for (var b = 0; b < o.BootstrapResamples; b++)
        {
            double diff = 0;
            for (var i = 0; i < shared.Count; i++)
            {
                var j = random.Next(shared.Count);
                diff += lossChallenger[j] - lossChampion[j];
            }
            if (diff < 0)
            {
                better++;
            }
        }
        var share = (double)better / o.BootstrapResamples;
        var brierChallenger = ScoreMetrics.Brier(pChallenger, profit);
        var brierChampion = ScoreMetrics.Brier(pChampion, profit);
        var kept = ScoreMetrics.KeptShare(pChallenger, strictThreshold);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"on {shared.Count} shared rows: log loss {lossChallenger.Average():F4} vs {lossChampion.Average():F4} (lower in {share:P0} of resamples), Brier {brierChallenger:F4} vs {brierChampion:F4}, kept at {strictThreshold:F2}: {kept:P1}");
        string? failure = null;
        if (share < o.GateConfidence)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"log loss lower in only {share:P0} of resamples (needs {o.GateConfidence:P0})");
        }
        else if (brierChallenger > brierChampion)
        {
            failure = "Brier score worse than the champion's";
        }
        else if (kept < o.GateMinKeptStrict)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"keeps {kept:P1} of signals at {strictThreshold:F2} (needs {o.GateMinKeptStrict:P0})");
        }
        return new GateDecision(failure is null, failure is null ? $"better than champion v{championCard.Version} {figures}" : $"refused: {failure}; {figures}",
            shared.Count, share, brierChallenger, brierChampion, kept);
    }

    private static GateDecision First(IReadOnlyList<EvaluationRow> rows, MLOpsOptions o, double softThreshold, double strictThreshold)
    {
        var p = rows.Select(r => r.Probability).ToArray();
        var profit = rows.Select(r => r.ProfitPct).ToArray();
        var unfiltered = ScoreMetrics.ProfitFactorForComparison(p, profit, double.NegativeInfinity);
        var filtered = ScoreMetrics.ProfitFactorForComparison(p, profit, softThreshold);
        var keptSoft = ScoreMetrics.KeptShare(p, softThreshold);
        var kept = ScoreMetrics.KeptShare(p, strictThreshold);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"on {rows.Count} out-of-sample rows: profit factor {Pf(filtered)} kept at {softThreshold:F2} ({keptSoft:P1} of signals) vs {Pf(unfiltered)} unfiltered; kept at {strictThreshold:F2}: {kept:P1}");
        string? failure = null;
        if (rows.Count < o.GateMinRows)
        {
            failure = $"only {rows.Count} out-of-sample rows (the gate needs {o.GateMinRows})";
        }
        else if (kept < o.GateMinKeptStrict)
        {
            failure = string.Create(CultureInfo.InvariantCulture, $"keeps {kept:P1} of signals at {strictThreshold:F2} (needs {o.GateMinKeptStrict:P0})");
        }
        else if (unfiltered is null || filtered is null || !(filtered > unfiltered))
        {
            failure = "does not beat the unfiltered strategy's profit factor out of sample";
        }
        return new GateDecision(failure is null, failure is null ? $"first model: beats the unfiltered strategy {figures}" : $"refused: {failure}; {figures}",
            rows.Count, null, null, null, kept);
    }

    private static string Pf(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>The gate's verdict and the figures behind it (null where the rule did not compute them).</summary>
internal sealed record GateDecision(bool Accepted, string Reason, int Rows, double? BootstrapShare, double? Brier, double? ChampionBrier, double? KeptStrict);
