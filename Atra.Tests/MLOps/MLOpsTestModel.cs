using Atra.Modules.MLOps;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Training;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Backtest;
using Atra.Tests.Host;
using Microsoft.Extensions.Options;

namespace Atra.Tests.MLOps;

/// <summary>
/// One real training shared by the MLOps tests (training is the slow part): the rows of a backtest of the real candles
/// in <c>samples/</c> (five symbols, 9,000 hours each), the three families on the default settings, and a registry
/// folder holding it as version 1, which tests copy before changing anything.
/// </summary>
internal static class MLOpsTestModel
{
    private static readonly Lazy<Trained> Value = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static RowSet Rows => Value.Value.Rows;

    public static TrainingResult Result => Value.Value.Result;

    public static string SamplesFolder => Path.Combine(RepositoryRoot.Find(), "samples");

    public static MLOpsOptions Options() => new() { TrainingThreads = 2 };

    public static TrainingSettings Settings(int threads = 2)
    {
        var o = Options();
        return new TrainingSettings(o.Folds, o.Embargo, o.Seed, 0.50, 0.58, threads, o.BootstrapResamples);
    }

    public static RowSet LoadRows(string folder, long? fromMs = null, long? toMs = null) =>
        new RowSource(null!, BacktestFixture.Runner(), TimeProvider.System)
            .LoadAsync(new RowQuery(folder, null, "1h", fromMs, toMs), null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>A registry in <paramref name="folder"/> holding the shared model as version 1 (the challenger; no champion).</summary>
    public static ModelRegistry RegistryWithModel(string folder, TimeProvider? clock = null)
    {
        var registry = Registry(folder, clock);
        registry.Register(Result, Options(), null, null, "test");
        return registry;
    }

    public static ModelRegistry Registry(string folder, TimeProvider? clock = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new MLOpsOptions { RegistryFolder = folder }),
            Microsoft.Extensions.Options.Options.Create(new StorageOptions()), clock ?? TimeProvider.System);

    private static Trained Create()
    {
        var rows = LoadRows(SamplesFolder);
        return new Trained(rows, ModelTrainer.Train(rows, Settings()));
    }

    private sealed record Trained(RowSet Rows, TrainingResult Result);
}
