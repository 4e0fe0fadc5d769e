using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Rows;

namespace Atra.Tests.MLOps;

/// <summary>Drift on real rows: a stationary split shows none; a shifted copy is found, on the shifted features.</summary>
public sealed class DriftTests
{
    [Test]
    public void Stationary_AlternateRowsOfTheSamePeriod_NoDrift()
    {
        var rows = MLOpsTestModel.Rows.Rows;
        var reference = new RowSet(rows.Where((_, i) => i % 2 == 0), "even");
        var current = new RowSet(rows.Where((_, i) => i % 2 == 1), "odd");

        var report = DriftDetector.Compare(DriftDetector.BaselineOf(reference, DateTimeOffset.UtcNow, null, null), current, 0.05, 200, DateTimeOffset.UtcNow);

        Assert.Multiple(() =>
        {
            Assert.That(report.Drift, Is.False, string.Join(", ", report.Features.Where(f => f.Value.Drifted).Select(f => f.Key)));
            Assert.That(report.Threshold, Is.EqualTo(0.05 / 14).Within(1e-15), "Bonferroni over the 14 features");
            Assert.That(report.Features.Keys, Does.Contain("rsi14").And.Contain("volume_ratio").And.Contain("momentum_4h").And.Contain("atr_pct"));
            Assert.That(report.Features["rsi14"].NReference + report.Features["rsi14"].NCurrent, Is.EqualTo(rows.Count));
        });
    }

    [Test]
    public void Shifted_VolatilityAndVolumeRaised_DriftFoundOnThoseFeatures()
    {
        var rows = MLOpsTestModel.Rows.Rows;
        var reference = new RowSet(rows.Where((_, i) => i % 2 == 0), "even");
        var shifted = rows.Where((_, i) => i % 2 == 1).Select(r =>
        {
            var f = (double[])r.Features.Clone();
            f[6] *= 1.8; // atr_pct
            f[8] += 0.8; // volume_ratio
            return r with { Features = f };
        });

        var report = DriftDetector.Compare(DriftDetector.BaselineOf(reference, DateTimeOffset.UtcNow, null, null), new RowSet(shifted, "shifted"), 0.05, 200, DateTimeOffset.UtcNow);

        Assert.Multiple(() =>
        {
            Assert.That(report.Drift, Is.True);
            Assert.That(report.Features.Where(f => f.Value.Drifted).Select(f => f.Key), Is.EquivalentTo(new[] { "atr_pct", "volume_ratio" }));
            Assert.That(report.Features["atr_pct"].Psi, Is.GreaterThan(0.25));
        });
    }

    [Test]
    public void Concept_HitRateFarBelowPredicted_IsDrift()
    {
        var rows = MLOpsTestModel.Rows.Rows.Select(r => r with { MlProbability = 0.75 }).ToList();
        var concept = DriftDetector.Concept(rows, 200, 0.05 / 14)!;
        Assert.That(concept.Drifted, Is.True, $"hit rate {concept.HitRate} vs 0.75");
        var honest = DriftDetector.Concept(rows.Select(r => r with { MlProbability = rows.Count(x => x.Win) / (double)rows.Count }).ToList(), 1000, 0.05 / 14)!;
        Assert.That(honest.Drifted, Is.False);
    }
}
