using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Training;

/// <summary>A family's out-of-fold figures (the evaluation rows of the walk-forward folds, honestly calibrated).</summary>
internal sealed record CandidateReport(
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("log_loss")] double LogLoss,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("brier")] double Brier,
    [property: JsonPropertyName("kept_share_soft")] double KeptShareSoft,
    [property: JsonPropertyName("profit_factor_soft")] double? ProfitFactorSoft,
    [property: JsonPropertyName("kept_share_strict")] double KeptShareStrict,
    [property: JsonPropertyName("profit_factor_strict")] double? ProfitFactorStrict,
    [property: JsonPropertyName("rows")] int Rows);

/// <summary>One bin of the reliability table: predicted probability against the realised hit rate.</summary>
internal sealed record ReliabilityBin(
    [property: JsonPropertyName("from")] double From,
    [property: JsonPropertyName("to")] double To,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("mean_predicted")] double? MeanPredicted,
    [property: JsonPropertyName("hit_rate")] double? HitRate);

/// <summary>How much the out-of-sample log loss grows when one feature's values are shuffled.</summary>
internal sealed record FeatureImportance(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("log_loss_increase")] double LogLossIncrease);

/// <summary>
/// The point of it all: on the evaluation rows, the profit factor of the signals the chosen model keeps at the soft
/// threshold against every signal's, with a paired bootstrap 90 % interval of their ratio.
/// </summary>
internal sealed record SignalQuality(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("unfiltered_profit_factor")] double? UnfilteredProfitFactor,
    [property: JsonPropertyName("filtered_profit_factor")] double? FilteredProfitFactor,
    [property: JsonPropertyName("kept_share")] double KeptShare,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("ratio_ci90_low")] double? RatioLow,
    [property: JsonPropertyName("ratio_ci90_high")] double? RatioHigh);
