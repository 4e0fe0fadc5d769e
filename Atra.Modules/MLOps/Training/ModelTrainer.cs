using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Serving;
using Microsoft.ML;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// Trains the three families on identical walk-forward folds and picks one by out-of-fold log loss.
/// <list type="bullet">
/// <item>Fold k's model sees only its training rows (feature medians and ranges included) and scores block k.</item>
/// <item>Block k's probabilities come from a calibrator fitted on the out-of-fold scores of the blocks before it, so
///   no figure uses a calibration that saw its own rows; the first test block only feeds later calibrators. The
///   evaluation rows are blocks 2..K.</item>
/// <item>The final model is fitted on every row and calibrated on all out-of-fold scores (Platt, or isotonic from
///   1,000 rows on).</item>
/// </list>
/// Fits are single-threaded and seeded, so the result is the same on any machine and any thread count; independent
/// fits (family × fold) run side by side on <see cref="TrainingSettings.Threads"/> threads.
/// </summary>
internal static class ModelTrainer
{
    public const int MinRows = 60;

    public static TrainingResult Train(RowSet rowSet, TrainingSettings settings, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var rows = rowSet.Rows;
        if (rows.Count < MinRows)
        {
            throw new MLOpsInputException($"only {rows.Count} training rows (closed signals); at least {MinRows} are needed");
        }
        var folds = WalkForwardFolds.Create(rows, settings.Folds, settings.Embargo).Folds;
        if (folds.Count < settings.Folds || folds.Any(f => f.Train.Length < 20))
        {
            throw new MLOpsInputException($"{rows.Count} rows are too few for {settings.Folds} walk-forward folds with a {settings.Embargo} embargo");
        }
        var profit = rows.Select(r => r.ProfitPct).ToArray();
        var labels = rows.Select(r => r.Win).ToArray();

        // Every (family, fold) fit is independent: run them side by side, each single-threaded and seeded.
        var trainers = settings.Trainers;
        var oof = new double[trainers.Count][];
        var lastFoldModels = new ScoringModel?[trainers.Count];
        for (var t = 0; t < trainers.Count; t++)
        {
            oof[t] = new double[rows.Count];
        }
        var jobs = new List<(int T, int F)>();
        for (var t = 0; t < trainers.Count; t++)
        {
            for (var f = 0; f < folds.Count; f++)
            {
                jobs.Add((t, f));
            }
        }
        var done = 0;
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Threads), CancellationToken = ct }, job =>
        {
            var fold = folds[job.F];
            var trainer = trainers[job.T];
            var stats = FeatureStats.Of(fold.Train.Select(i => rows[i].Features));
            var ml = new MLContext(settings.Seed);
            var model = FamilyTrainer.Fit(ml, trainer, HyperParameters.For(trainer), settings.Seed,
                [.. fold.Train.Select(i => stats.Impute(rows[i].Features))], [.. fold.Train.Select(i => labels[i])]);
            var test = new List<float[]>(fold.TestEnd - fold.TestStart);
            for (var i = fold.TestStart; i < fold.TestEnd; i++)
            {
                test.Add(stats.Impute(rows[i].Features));
            }
            var scores = FamilyTrainer.Score(ml, model, test);
            Array.Copy(scores, 0, oof[job.T], fold.TestStart, scores.Length);
            if (job.F == folds.Count - 1)
            {
                lastFoldModels[job.T] = new ScoringModel(ml, model, new Calibrator(), stats, 0);
            }
            progress?.Report($"{trainer} fold {fold.Index}/{folds.Count}: trained on {fold.Train.Length} rows, tested on {scores.Length} ({Interlocked.Increment(ref done)}/{jobs.Count})");
        });

        // Honest probabilities: block k calibrated on the out-of-fold scores of blocks 1..k-1.
        var evalRows = new List<int>();
        for (var f = 1; f < folds.Count; f++)
        {
            for (var i = folds[f].TestStart; i < folds[f].TestEnd; i++)
            {
                evalRows.Add(i);
            }
        }
        var evalProfit = evalRows.Select(i => profit[i]).ToArray();
        var candidates = new List<CandidateReport>();
        var honest = new double[trainers.Count][];
        var foldCalibrators = new Calibrator[trainers.Count];
        for (var t = 0; t < trainers.Count; t++)
        {
            honest[t] = new double[evalRows.Count];
            var e = 0;
            for (var f = 1; f < folds.Count; f++)
            {
                var fitTo = folds[f].TestStart;
                var from = folds[0].TestStart;
                var cal = Calibrator.Fit(oof[t].AsSpan(from, fitTo - from), profit.AsSpan(from, fitTo - from));
                if (f == folds.Count - 1)
                {
                    foldCalibrators[t] = cal;
                }
                for (var i = folds[f].TestStart; i < folds[f].TestEnd; i++)
                {
                    honest[t][e++] = cal.Probability(oof[t][i]);
                }
            }
            var p = honest[t];
            var auc = ScoreMetrics.Auc(p, evalProfit);
            candidates.Add(new CandidateReport(
                trainers[t],
                ScoreMetrics.LogLoss(p, evalProfit),
                double.IsNaN(auc) ? null : auc,
                ScoreMetrics.Brier(p, evalProfit),
                ScoreMetrics.KeptShare(p, settings.SoftThreshold),
                ScoreMetrics.ProfitFactor(p, evalProfit, settings.SoftThreshold),
                ScoreMetrics.KeptShare(p, settings.StrictThreshold),
                ScoreMetrics.ProfitFactor(p, evalProfit, settings.StrictThreshold),
                evalRows.Count));
        }
        var chosen = 0;
        for (var t = 1; t < candidates.Count; t++)
        {
            if (candidates[t].LogLoss < candidates[chosen].LogLoss)
            {
                chosen = t;
            }
        }
        var chosenTrainer = trainers[chosen];
        progress?.Report($"chosen {chosenTrainer} (out-of-fold log loss {candidates[chosen].LogLoss:F4}); fitting it on all {rows.Count} rows");

        // The final model: every row, calibrated on every out-of-fold score of the chosen family.
        var allStats = FeatureStats.Of(rows.Select(r => r.Features));
        var finalMl = new MLContext(settings.Seed);
        var hp = HyperParameters.For(chosenTrainer);
        var finalModel = FamilyTrainer.Fit(finalMl, chosenTrainer, hp, settings.Seed, [.. rows.Select(r => allStats.Impute(r.Features))], labels);
        var oofFrom = folds[0].TestStart;
        var calibrator = Calibrator.Fit(oof[chosen].AsSpan(oofFrom), profit.AsSpan(oofFrom));
        var scoring = new ScoringModel(finalMl, finalModel, calibrator, allStats, 0);

        var lastFold = folds[^1];
        var importance = PermutationImportance(lastFoldModels[chosen]!, foldCalibrators[chosen], rows, lastFold.TestStart, lastFold.TestEnd, settings.Seed);
        var quality = Quality(honest[chosen], evalProfit, settings.SoftThreshold, settings.BootstrapResamples, settings.Seed);
        return new TrainingResult(
            scoring, chosenTrainer, hp, candidates, Reliability(honest[chosen], evalProfit), importance, quality,
            evalRows, honest[chosen], Fingerprint.Of(scoring), rowSet);
    }

    /// <summary>Ten equal-width bins of the predicted probability: how many rows, their mean prediction and hit rate.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<double> p, IReadOnlyList<double> profit)
    {
        var bins = new List<ReliabilityBin>(10);
        for (var b = 0; b < 10; b++)
        {
            double lo = b / 10.0, hi = (b + 1) / 10.0, sum = 0;
            int n = 0, wins = 0;
            for (var i = 0; i < p.Count; i++)
            {
                if (p[i] >= lo && (p[i] < hi || (b == 9 && p[i] <= 1)))
                {
                    n++;
                    sum += p[i];
                    wins += profit[i] > 0 ? 1 : 0;
                }
            }
            bins.Add(new ReliabilityBin(lo, hi, n, n == 0 ? null : sum / n, n == 0 ? null : (double)wins / n));
        }
        return bins;
    }

    /// <summary>Filtered against unfiltered profit factor on the evaluation rows, with a bootstrap 90 % interval of the ratio.</summary>
    public static SignalQuality Quality(double[] p, double[] profit, double threshold, int resamples, int seed)
    {
        var all = ScoreMetrics.ProfitFactor(p, profit, double.NegativeInfinity);
        var kept = ScoreMetrics.ProfitFactor(p, profit, threshold);
        var ratio = all is > 0 && kept is { } k ? k / all : (double?)null;
        var random = new Random(seed);
        var ratios = new List<double>(resamples);
        var bp = new double[p.Length];
        var bprofit = new double[p.Length];
        for (var r = 0; r < resamples && p.Length > 0; r++)
        {
            for (var i = 0; i < p.Length; i++)
            {
                var j = random.Next(p.Length);
                bp[i] = p[j];
                bprofit[i] = profit[j];
            }
            if (ScoreMetrics.ProfitFactor(bp, bprofit, double.NegativeInfinity) is > 0 and var a && ScoreMetrics.ProfitFactor(bp, bprofit, threshold) is { } f)
            {
                ratios.Add(f / a);
            }
        }
        ratios.Sort();
        double? low = ratios.Count > 0 ? ratios[(int)(0.05 * (ratios.Count - 1))] : null;
        double? high = ratios.Count > 0 ? ratios[(int)Math.Ceiling(0.95 * (ratios.Count - 1))] : null;
        return new SignalQuality(p.Length, all, kept, ScoreMetrics.KeptShare(p, threshold), ratio, low, high);
    }

    /// <summary>
    /// Out-of-sample permutation importance: the last fold's model on the last test block, each feature's column
    /// shuffled (seeded), the growth of the log loss averaged over three shuffles.
    /// </summary>
    private static List<FeatureImportance> PermutationImportance(ScoringModel foldModel, Calibrator calibrator, IReadOnlyList<TrainingRow> rows, int from, int to, int seed)
    {
        var calibrated = new ScoringModel(new MLContext(seed), foldModel.Transformer, calibrator, foldModel.Stats, 0);
        var block = new List<double[]>(to - from);
        var profit = new double[to - from];
        for (var i = from; i < to; i++)
        {
            block.Add(rows[i].Features);
            profit[i - from] = rows[i].ProfitPct;
        }
        var baseLoss = ScoreMetrics.LogLoss(calibrated.Probabilities(block), profit);
        var random = new Random(seed);
        var result = new List<FeatureImportance>(FeatureSchema.Count);
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var growth = 0.0;
            for (var rep = 0; rep < 3; rep++)
            {
                var column = block.Select(r => r[j]).ToArray();
                random.Shuffle(column);
                var shuffled = new List<double[]>(block.Count);
                for (var i = 0; i < block.Count; i++)
                {
                    var copy = (double[])block[i].Clone();
                    copy[j] = column[i];
                    shuffled.Add(copy);
                }
                growth += ScoreMetrics.LogLoss(calibrated.Probabilities(shuffled), profit) - baseLoss;
            }
            result.Add(new FeatureImportance(FeatureSchema.Names[j], growth / 3));
        }
        result.Sort((a, b) => b.LogLossIncrease.CompareTo(a.LogLossIncrease));
        return result;
    }
}
