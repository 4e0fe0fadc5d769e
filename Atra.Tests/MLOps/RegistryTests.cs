using System.Text.Json.Nodes;
using Atra.Modules.MLOps;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MLOps;

/// <summary>The registry's files, the promotion gate, rollback without a restart, schema refusal and the atomic swap.</summary>
public sealed class RegistryTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "atra-registry-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void Register_WritesZipCardEvaluation_AndAuditsIt()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        var card = registry.ReadCard(1)!;
        var (model, _) = registry.Load(1);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(registry.VersionFolder(1), "model.zip")));
            Assert.That(card.Fingerprint, Is.EqualTo(MLOpsTestModel.Result.Fingerprint));
            Assert.That(Atra.Modules.MLOps.Training.Fingerprint.Of(model), Is.EqualTo(card.Fingerprint), "the saved zip answers as the trained model");
            Assert.That(card.Rows.Hash, Is.EqualTo(MLOpsTestModel.Rows.Hash));
            Assert.That(card.Rows.Count, Is.EqualTo(MLOpsTestModel.Rows.Count));
            Assert.That(card.Candidates, Has.Count.EqualTo(3));
            Assert.That(card.Reliability, Has.Count.EqualTo(10));
            Assert.That(card.Importance, Has.Count.EqualTo(14));
            Assert.That(card.ZipSha256, Has.Length.EqualTo(64));
            Assert.That(card.MlNetVersion, Does.StartWith("6."));
            Assert.That(registry.ReadEvaluation(1), Has.Count.EqualTo(MLOpsTestModel.Result.EvaluationRows.Count));
            Assert.That(registry.ReadAliases().Challenger, Is.EqualTo(1));
            Assert.That(registry.Audit().Single().Action, Is.EqualTo("register"));
        });
    }

    [Test]
    public void Load_ModelOfAnotherFeatureSchema_IsRefusedWithAClearError()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        var cardPath = Path.Combine(registry.VersionFolder(1), "card.json");
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["schema_hash"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        File.WriteAllText(cardPath, card.ToJsonString());
        registry.Move(a => (a with { Champion = 1, Champions = [1] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", null, 1, "test", "test")));

        var ex = Assert.Throws<MLOpsInputException>(() => registry.Load(1));
        using var serving = Serving(registry);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("feature schema 0123456789ab").And.Contain("retrain"));
            Assert.That(serving.IsActive, Is.False, "a refused champion never serves");
            Assert.That(serving.LoadError, Does.Contain("feature schema"));
        });
    }

    [Test]
    public void Load_DamagedZip_IsRefused()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        File.AppendAllText(Path.Combine(registry.VersionFolder(1), "model.zip"), "x");
        Assert.That(() => registry.Load(1), Throws.TypeOf<MLOpsInputException>().With.Message.Contain("SHA-256"));
    }

    [Test]
    public void Rollback_ServesTheEarlierChampionAtOnce_WithoutARestart_AndAudits()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        registry.Register(MLOpsTestModel.Result, MLOpsTestModel.Options(), null, null, "test");
        var promote = (int v) => registry.Move(a => (a with { Champion = v, Previous = a.Champion, Champions = [.. a.Champions, v] },
            new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", a.Champion, v, "test", "test")));
        promote(1);
        promote(2);
        using var serving = Serving(registry);
        var pipeline = Pipeline(registry, serving);
        Assert.That(Predict(serving).ModelVersion, Is.EqualTo(2));

        var outcome = pipeline.Rollback(null, "test");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True);
            Assert.That(Predict(serving).ModelVersion, Is.EqualTo(1), "the next prediction is the earlier champion's");
            Assert.That(registry.ReadAliases().Champion, Is.EqualTo(1));
            Assert.That(registry.Audit()[^1], Is.EqualTo(registry.Audit()[^1] with { Action = "rollback", FromVersion = 2, ToVersion = 1 }));
            Assert.That(() => pipeline.Rollback(99, "test"), Throws.TypeOf<MLOpsInputException>().With.Message.Contain("never champion"));
        });
    }

    [Test]
    public void Rollback_ByAnotherProcess_IsPickedUpByTheServingModel()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        registry.Register(MLOpsTestModel.Result, MLOpsTestModel.Options(), null, null, "test");
        registry.Move(a => (a with { Champion = 2, Previous = 1, Champions = [1, 2] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", null, 2, "test", "test")));
        using var serving = Serving(registry);
        Assert.That(Predict(serving).ModelVersion, Is.EqualTo(2));

        // Another process (the CLI) rolls back through its own registry instance; aliases.json changes on disk.
        Thread.Sleep(20);
        Pipeline(MLOpsTestModel.Registry(_folder), Serving(MLOpsTestModel.Registry(_folder))).Rollback(1, "cli");
        serving.Refresh();

        Assert.That(Predict(serving).ModelVersion, Is.EqualTo(1));
    }

    /// <summary>
    /// Eight threads predict without pause while the champion swaps between two models 400 times: every answer is
    /// wholly one model's (its version with its own probability), nothing throws. The swaps interleave with the
    /// predictions whatever the load: the swapping starts once every thread has predicted, and after each swap it
    /// waits until some thread has answered with the model just swapped in, so every swap is seen under way (a fixed
    /// number of swaps in a row could all happen before a thread of a loaded box ran at all).
    /// </summary>
    [Test]
    public void Swap_UnderEightThreads_EveryVerdictIsWhollyOneModels()
    {
        const int Threads = 8;
        const int Swaps = 400;
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        var (a, cardA) = registry.Load(1);
        var shifted = new Atra.Modules.MLOps.Training.Calibrator { Method = "platt", A = cardA.Calibrator.A * 0.5, B = cardA.Calibrator.B + 0.3 };
        var b = new ScoringModel(new Microsoft.ML.MLContext(1), a.Transformer, shifted, a.Stats, 2);
        var cardB = registry.ReadCard(1)!;
        cardB.Version = 2;
        using var serving = Serving(registry);
        serving.Swap(a, cardA);
        var candidate = Candidate();
        var expected = new Dictionary<int, double> { [1] = a.Predict(Raw(candidate)).Probability, [2] = b.Predict(Raw(candidate)).Probability };
        Assert.That(expected[1], Is.Not.EqualTo(expected[2]));

        using var stop = new CancellationTokenSource();
        using var started = new CountdownEvent(Threads);
        var answers = new long[3];
        var wrong = 0;
        Exception? failure = null;
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            try
            {
                var first = true;
                while (!stop.IsCancellationRequested)
                {
                    var v = serving.Predict(in candidate);
                    if (!expected.TryGetValue(v.ModelVersion, out var p) || p != v.Probability)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                    else
                    {
                        Interlocked.Increment(ref answers[v.ModelVersion]);
                    }
                    if (first)
                    {
                        started.Signal();
                        first = false;
                    }
                }
            }
            catch (Exception ex)
            {
                failure = ex;
                stop.Cancel();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        started.Wait();
        var swapsSeen = 0;
        for (var i = 0; i < Swaps && !stop.IsCancellationRequested; i++)
        {
            var version = i % 2 == 0 ? 2 : 1;
            var before = Interlocked.Read(ref answers[version]);
            serving.Swap(version == 2 ? b : a, version == 2 ? cardB : cardA);
            var spin = new SpinWait();
            while (Interlocked.Read(ref answers[version]) == before && Volatile.Read(ref wrong) == 0 && !stop.IsCancellationRequested)
            {
                spin.SpinOnce();
            }
            swapsSeen += Interlocked.Read(ref answers[version]) > before ? 1 : 0;
        }
        stop.Cancel();
        threads.ForEach(t => t.Join());

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Null);
            Assert.That(wrong, Is.Zero, "an answer mixed one model's version with another's probability");
            Assert.That(swapsSeen, Is.EqualTo(Swaps), "every swapped-in model answered");
        });
    }

    [Test]
    public void Predict_InputOutsideTheTrainingRange_IsFlagged()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        var (model, _) = registry.Load(1);
        var candidate = Candidate();
        var inside = model.Predict(Raw(candidate));
        candidate.Features.Rsi14 = 99.5;

        Assert.Multiple(() =>
        {
            Assert.That(inside.OutOfRange, Is.False);
            Assert.That(model.Predict(Raw(candidate)).OutOfRange, Is.True);
            Assert.That(inside.Probability, Is.InRange(0.0, 1.0));
        });
    }

    private static MlVerdict Predict(ChampionModel serving)
    {
        var candidate = Candidate();
        return serving.Predict(in candidate);
    }

    internal static ChampionModel Serving(ModelRegistry registry) =>
        new(registry, Options.Create(new MLOpsOptions { ReloadInterval = TimeSpan.FromHours(1) }), TimeProvider.System, NullLogger<ChampionModel>.Instance);

    internal static Atra.Modules.MLOps.Pipeline.MLOpsPipeline Pipeline(ModelRegistry registry, ChampionModel serving) =>
        new(null!, registry, serving, Options.Create(MLOpsTestModel.Options()), Options.Create(new SignalsSettings()), TimeProvider.System);

    /// <summary>A candidate from the middle of the training rows' ranges.</summary>
    internal static SignalCandidate Candidate() => new()
    {
        Side = TradeSide.Long,
        Mode = FilterMode.Strict,
        Entry = 100,
        OpenTimeMs = 0,
        Features = new SignalFeatures
        {
            Ema7 = 100.2, Ema25 = 100, Rsi14 = 58, Adx14 = 26, StochRsiK = 60, StochRsiD = 50, Atr14 = 1.2, BbPos = 0.7,
            VolumeRatio = 1.5, Momentum1h = 0.002, Momentum4h = 0.006, BtcTrend = BtcTrend.Bullish, BtcMomentum1h = 0.001,
            AnomalyScore = 2, WhaleImpact = 0, NewsImpact = 0, MlProbability = double.NaN,
        },
    };

    private static double[] Raw(SignalCandidate c) => Atra.Modules.MLOps.Features.FeatureSchema.Vector(c.Side, c.Entry, c.Features);
}
