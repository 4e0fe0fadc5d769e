using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.MLOps;

/// <summary>The <c>MLOps</c> section: where the registry lives, how models are trained, when the worker retrains.</summary>
internal sealed class MLOpsOptions
{
    public const string SectionName = "MLOps";

    /// <summary>The registry's folder; empty: <c>models</c> beside the database file.</summary>
    public string RegistryFolder { get; set; } = "";

    /// <summary>Walk-forward folds (test blocks); at least 5.</summary>
    [Range(5, 20)]
    public int Folds { get; set; } = 5;

    /// <summary>Gap between the last training outcome and a test block, on top of the purge.</summary>
    public TimeSpan Embargo { get; set; } = TimeSpan.FromHours(24);

    public int Seed { get; set; } = 20261206;

    /// <summary>Threads for training (each fit is single-threaded; the result is the same for any count). 0: one per core.</summary>
    [Range(0, 64)]
    public int TrainingThreads { get; set; }

    [Range(100, 100_000)]
    public int BootstrapResamples { get; set; } = 1000;

    /// <summary>The paired bootstrap share of resamples in which the challenger's log loss must be lower.</summary>
    [Range(0.5, 1.0)]
    public double GateConfidence { get; set; } = 0.90;

    /// <summary>The share of signals a model must keep at the strict threshold.</summary>
    [Range(0.0, 1.0)]
    public double GateMinKeptStrict { get; set; } = 0.05;

    /// <summary>Out-of-sample rows (signalled after the champion's last training outcome) the gate needs to compare on.</summary>
    [Range(10, 100_000)]
    public int GateMinRows { get; set; } = 30;

    /// <summary>When the worker checks drift (cron, UTC, five fields; Cronos).</summary>
    [Required]
    public string DriftSchedule { get; set; } = "0 3 * * *";

    /// <summary>A champion older than this is retrained.</summary>
    public TimeSpan MaxModelAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Closed signals since the champion's training window that trigger a retrain.</summary>
    [Range(1, 1_000_000)]
    public int RetrainAfterNewOutcomes { get; set; } = 200;

    /// <summary>At least this long between two automatic retrains.</summary>
    public TimeSpan RetrainCooldown { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Drift is found when a feature's KS p-value is below this divided by the number of features (Bonferroni).</summary>
    [Range(1e-6, 0.5)]
    public double DriftAlpha { get; set; } = 0.05;

    /// <summary>Recent filtered signals the concept-drift check looks at (hit rate against mean predicted probability).</summary>
    [Range(10, 100_000)]
    public int ConceptDriftWindow { get; set; } = 200;

    /// <summary>How often the serving model looks for a changed champion (another process promoted or rolled back).</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The automation worker (drift checks, retraining); off: the API and the CLI still work.</summary>
    public bool AutomationEnabled { get; set; } = true;
}
