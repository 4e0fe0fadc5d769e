using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Training;
using Microsoft.ML;

namespace Atra.Tests.MLOps;

/// <summary>Training on real rows: reproducibility, and no look-ahead in rows or folds.</summary>
public sealed class TrainingTests
{
    [Test]
    public void Retrain_SameRowsAndSeed_SameFingerprint_AnyThreadCount()
    {
        var first = MLOpsTestModel.Result;
        var again = ModelTrainer.Train(MLOpsTestModel.Rows, MLOpsTestModel.Settings(threads: 1));

        Assert.Multiple(() =>
        {
            Assert.That(MLOpsTestModel.Rows.Count, Is.GreaterThan(150), "rows from the real candles of samples/");
            Assert.That(again.Fingerprint, Is.EqualTo(first.Fingerprint));
            Assert.That(again.Trainer, Is.EqualTo(first.Trainer));
            Assert.That(again.Candidates.Select(c => c.LogLoss), Is.EqualTo(first.Candidates.Select(c => c.LogLoss)));
            Assert.That(first.Candidates.Select(c => c.Trainer), Is.EqualTo(TrainerNames.All));
        });
    }

    [Test]
    public void Fingerprint_OtherSeed_Differs()
    {
        var other = ModelTrainer.Train(MLOpsTestModel.Rows, MLOpsTestModel.Settings() with { Seed = 7, Trainers = [MLOpsTestModel.Result.Trainer] });
        Assert.That(other.Fingerprint, Is.Not.EqualTo(MLOpsTestModel.Result.Fingerprint), "the fingerprint tells models apart");
    }

    /// <summary>
    /// Rows come in groups of fifteen signals an hour apart that share one outcome (overlapping trades on one price
    /// path, a regime), and the <c>anomaly_score</c> slot carries the signal time: a feature that leaks a neighbour's label to
    /// any fold that trains on rows next to its test rows. Walk-forward folds with purge and embargo give it nothing
    /// out of sample (AUC ≤ 0.55); the same rows under a shuffled split, as a random splitter makes, score far higher,
    /// so the leak is real and the test can fail.
    /// </summary>
    [Test]
    public void LeakingFeature_WalkForwardOutOfSample_AucAtMost055()
    {
        var random = new Random(11);
        var rows = new List<TrainingRow>();
        var start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const long hour = 3_600_000;
        for (var g = 0; g < 60; g++)
        {
            var win = random.NextDouble() < 0.5;
            for (var k = 0; k < 15; k++)
            {
                var t = start + (g * 20 * hour) + (k * hour);
                var features = new double[FeatureSchema.Count];
                for (var j = 0; j < features.Length; j++)
                {
                    features[j] = random.NextDouble();
                }
                features[13] = t / (double)hour;
                rows.Add(new TrainingRow("LEAKUSDT", t, t + (10 * hour), win ? 0.01 : -0.01, features, double.NaN));
            }
        }
        var set = new RowSet(rows, "synthetic");

        var walkForward = ModelTrainer.Train(set, MLOpsTestModel.Settings() with { Trainers = [TrainerNames.LightGbm] });
        var shuffledAuc = ShuffledSplitAuc(rows);

        Assert.Multiple(() =>
        {
            Assert.That(walkForward.Candidates[0].Auc, Is.LessThanOrEqualTo(0.55), "walk-forward, purged and embargoed");
            Assert.That(shuffledAuc, Is.GreaterThan(0.75), "a shuffled split lets the leak through");
        });
    }

    /// <summary>A row's features and outcome depend on nothing after it closed: changing every candle after T leaves the rows that exited before T as they were.</summary>
    [Test]
    public void Rows_CandlesAfterTheirExitChanged_Unchanged()
    {
        var folder = Path.Combine(Path.GetTempPath(), "atra-rows-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var original = MLOpsTestModel.Rows;
            var cut = original.Rows[original.Count / 2].ExitTimeMs + 1;
            foreach (var file in Directory.GetFiles(MLOpsTestModel.SamplesFolder, "*-1h.csv"))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 1; i < lines.Length; i++)
                {
                    var cells = lines[i].Split(',');
                    if (long.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) >= cut)
                    {
                        // Later prices move the other way: any look-ahead would change earlier rows.
                        var close = double.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture);
                        lines[i] = $"{cells[0]},{close},{close * 1.03},{close * 0.97},{close * 0.98},{cells[5]}";
                    }
                }
                File.WriteAllLines(Path.Combine(folder, Path.GetFileName(file)), lines);
            }

            var changed = MLOpsTestModel.LoadRows(folder);
            var before = original.Rows.Where(r => r.ExitTimeMs < cut).ToList();
            var after = changed.Rows.Where(r => r.ExitTimeMs < cut).ToList();

            Assert.That(before, Has.Count.GreaterThan(50));
            Assert.That(after.Select(Key), Is.EqualTo(before.Select(Key)));
            Assert.That(changed.Hash, Is.Not.EqualTo(original.Hash), "the later rows did change");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Train_TooFewRows_IsRefusedWithTheCount()
    {
        var few = new RowSet(MLOpsTestModel.Rows.Rows.Take(40), "test");
        var ex = Assert.Throws<MLOpsInputException>(() => ModelTrainer.Train(few, MLOpsTestModel.Settings()));
        Assert.That(ex!.Message, Does.Contain("only 40 training rows"));
    }

    private static string Key(TrainingRow r) =>
        $"{r.Symbol} {r.SignalTimeMs} {r.ExitTimeMs} {r.ProfitPct:R} {string.Join(';', r.Features.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}";

    private static double ShuffledSplitAuc(List<TrainingRow> rows)
    {
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(3).Shuffle(order);
        var test = order.Take(rows.Count / 5).ToArray();
        var train = order.Skip(rows.Count / 5).ToArray();
        var stats = FeatureStats.Of(train.Select(i => rows[i].Features));
        var ml = new MLContext(1);
        var model = FamilyTrainer.Fit(ml, TrainerNames.LightGbm, HyperParameters.For(TrainerNames.LightGbm), 1,
            [.. train.Select(i => stats.Impute(rows[i].Features))], [.. train.Select(i => rows[i].Win)]);
        var scores = FamilyTrainer.Score(ml, model, [.. test.Select(i => stats.Impute(rows[i].Features))]);
        return ScoreMetrics.Auc(scores, [.. test.Select(i => rows[i].ProfitPct)]);
    }
}
