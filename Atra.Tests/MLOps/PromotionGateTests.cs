using Atra.Modules.MLOps.Registry;

namespace Atra.Tests.MLOps;

/// <summary>The promotion gate, one test per rule (accepts and refusals), on real rows and the real trained model.</summary>
public sealed class PromotionGateTests
{
    private const long Day = 86_400_000;
    private string _folder = "";
    private ModelRegistry _registry = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-gate-" + Guid.NewGuid().ToString("N"));
        _registry = MLOpsTestModel.RegistryWithModel(_folder);
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void First_BeatsTheUnfilteredProfitFactor_Accepted()
    {
        var decision = Decide(Rows(p => p > 0 ? 0.7 : 0.3), champion: false);
        Assert.That(decision.Accepted, Is.True, decision.Reason);
        Assert.That(decision.Reason, Does.StartWith("first model: beats the unfiltered strategy"));
    }

    [Test]
    public void First_KeepsTooFewAtTheStrictThreshold_Refused()
    {
        var decision = Decide(Rows(p => p > 0 ? 0.55 : 0.3), champion: false);
        Assert.That(decision.Accepted, Is.False);
        Assert.That(decision.Reason, Does.Contain("keeps 0.0 % of signals at 0.58"));
    }

    [Test]
    public void First_DoesNotBeatTheUnfilteredStrategy_Refused()
    {
        var decision = Decide(Rows(p => p > 0 ? 0.3 : 0.7), champion: false);
        Assert.That(decision.Accepted, Is.False);
        Assert.That(decision.Reason, Does.Contain("does not beat the unfiltered strategy's profit factor"));
    }

    [Test]
    public void Challenger_LowerLogLossInAlmostEveryResample_Accepted()
    {
        var decision = Decide(Rows(p => p > 0 ? 0.8 : 0.2), champion: true);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Accepted, Is.True, decision.Reason);
            Assert.That(decision.BootstrapShare, Is.GreaterThanOrEqualTo(0.9));
            Assert.That(decision.Brier, Is.LessThanOrEqualTo(decision.ChampionBrier!.Value));
        });
    }

    [Test]
    public void Challenger_WorseLogLoss_RefusedWithTheShare()
    {
        var decision = Decide(Rows(p => p > 0 ? 0.2 : 0.8), champion: true);
        Assert.That(decision.Accepted, Is.False);
        Assert.That(decision.Reason, Does.StartWith("refused: log loss lower in only 0 % of resamples (needs 90 %)"));
    }

    [Test]
    public void Challenger_BetterLogLossButKeepsTooFew_Refused()
    {
        // Honest but timid: never reaches 0.58.
        var decision = Decide(Rows(p => p > 0 ? 0.57 : 0.2), champion: true);
        Assert.That(decision.Accepted, Is.False, decision.Reason);
        Assert.That(decision.Reason, Does.Contain("keeps 0.0 % of signals at 0.58"));
    }

    [Test]
    public void Challenger_RowsTheChampionTrainedOn_RefusedAsTooFewSharedRows()
    {
        var champion = _registry.ReadCard(1)!;
        var rows = Rows(p => p > 0 ? 0.8 : 0.2).Select(r => r with { SignalTimeMs = champion.TrainedThroughMs - Day }).ToList();
        var decision = Decide(rows, champion: true);
        Assert.That(decision.Accepted, Is.False);
        Assert.That(decision.Reason, Does.StartWith("only 0 out-of-sample rows after champion v1's training window"));
    }

    /// <summary>Real rows' features and outcomes, dated after the champion's training window, with the probability a challenger gives them.</summary>
    private List<EvaluationRow> Rows(Func<double, double> probability)
    {
        var after = _registry.ReadCard(1)!.TrainedThroughMs;
        return [.. MLOpsTestModel.Rows.Rows.Select((r, i) => new EvaluationRow(r.Symbol, after + Day + i, after + (2 * Day) + i, r.ProfitPct, probability(r.ProfitPct), r.Features))];
    }

    private GateDecision Decide(IReadOnlyList<EvaluationRow> rows, bool champion)
    {
        var (model, card) = _registry.Load(1);
        return PromotionGate.Decide(rows, champion ? model : null, champion ? card : null, MLOpsTestModel.Options(), 0.50, 0.58);
    }
}
