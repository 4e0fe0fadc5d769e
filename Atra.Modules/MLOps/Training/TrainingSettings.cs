namespace Atra.Modules.MLOps.Training;

/// <summary>What a training run is told: folds, embargo, seed, thresholds (Signals' soft and strict ML minimums), threads.</summary>
internal sealed record TrainingSettings(int Folds, TimeSpan Embargo, int Seed, double SoftThreshold, double StrictThreshold, int Threads, int BootstrapResamples)
{
    public IReadOnlyList<string> Trainers { get; init; } = TrainerNames.All;
}
