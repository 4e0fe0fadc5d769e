using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Training;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Atra.Modules.MLOps.Serving;

/// <summary>
/// A trained model ready to answer: the ML.NET transformer, the calibrator and the training rows' feature statistics.
/// ML.NET's PredictionEngine is not thread-safe, so engines are pooled (each with its own input and output rows, so
/// a prediction allocates nothing); any number of threads may call <see cref="Predict"/> at once.
/// </summary>
internal sealed class ScoringModel
{
    private readonly MLContext _ml;
    private readonly ObjectPool<Slot> _pool;

    public ScoringModel(MLContext ml, ITransformer transformer, Calibrator calibrator, FeatureStats stats, int version)
    {
        _ml = ml;
        Transformer = transformer;
        Calibrator = calibrator;
        Stats = stats;
        Version = version;
        _pool = new DefaultObjectPool<Slot>(new SlotPolicy(ml, transformer), Math.Max(4, Environment.ProcessorCount * 2));
    }

    public ITransformer Transformer { get; }

    public Calibrator Calibrator { get; }

    public FeatureStats Stats { get; }

    public int Version { get; }

    /// <summary>The calibrated probability of a raw feature vector (<see cref="FeatureSchema"/> order, NaN undefined).</summary>
    public MlVerdict Predict(ReadOnlySpan<double> raw)
    {
        var slot = _pool.Get();
        try
        {
            var inRange = Stats.Impute(raw, slot.Input.Features);
            slot.Engine.Predict(slot.Input, ref slot.Output);
            return new MlVerdict(Calibrator.Probability(slot.Output.Score), !inRange, Version);
        }
        finally
        {
            _pool.Return(slot);
        }
    }

    /// <summary>
    /// Creates <paramref name="engines"/> pooled engines and answers once on each (the feature medians), so engine
    /// creation and the first-call JIT of ML.NET's scoring code happen when the model is loaded, not on the first
    /// signals after a start or a swap (measured: they made an <c>atra backtest --ml</c> run up to half as fast).
    /// </summary>
    public void Warm(int engines)
    {
        var slots = new Slot[Math.Max(1, engines)];
        Span<double> median = stackalloc double[FeatureSchema.Count];
        Stats.Median.AsSpan(0, FeatureSchema.Count).CopyTo(median);
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = _pool.Get();
            Stats.Impute(median, slots[i].Input.Features);
            slots[i].Engine.Predict(slots[i].Input, ref slots[i].Output);
        }
        foreach (var slot in slots)
        {
            _pool.Return(slot);
        }
    }

    /// <summary>Calibrated probabilities of many rows in one pass.</summary>
    public double[] Probabilities(IReadOnlyList<double[]> raw)
    {
        var inputs = new List<float[]>(raw.Count);
        foreach (var r in raw)
        {
            inputs.Add(Stats.Impute(r));
        }
        var scores = FamilyTrainer.Score(_ml, Transformer, inputs);
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Calibrator.Probability(scores[i]);
        }
        return scores;
    }

    private sealed class Slot(PredictionEngine<ModelInput, ModelOutput> engine)
    {
        public PredictionEngine<ModelInput, ModelOutput> Engine { get; } = engine;

        public ModelInput Input { get; } = new();

        public ModelOutput Output = new();
    }

    private sealed class SlotPolicy(MLContext ml, ITransformer transformer) : IPooledObjectPolicy<Slot>
    {
        // Creating an engine from a shared transformer is safe from several threads (it only reads the model).
        public Slot Create() => new(ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(transformer));

        public bool Return(Slot obj) => true;
    }
}
