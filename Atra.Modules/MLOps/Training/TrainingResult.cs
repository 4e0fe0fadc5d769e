using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Serving;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// A finished training: the chosen family's final model (fitted on every row, calibrated on the out-of-fold scores),
/// every candidate's figures, and the evaluation rows (indexes into the row set) with the chosen family's honest
/// out-of-sample probabilities, which the promotion gate compares on.
/// </summary>
internal sealed record TrainingResult(
    ScoringModel Model,
    string Trainer,
    HyperParameters HyperParameters,
    IReadOnlyList<CandidateReport> Candidates,
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<FeatureImportance> Importance,
    SignalQuality Quality,
    IReadOnlyList<int> EvaluationRows,
    IReadOnlyList<double> EvaluationProbabilities,
    string Fingerprint,
    RowSet Rows);
