namespace Atra.Modules.Signals.Contracts;

/// <summary>A broadcast signal as the API and other modules see it; prices are the exact stored decimals.</summary>
public sealed record SignalDto(
    long Id,
    string Symbol,
    string Interval,
    string Side,
    string FilterMode,
    DateTimeOffset SignalTime,
    decimal EntryPrice,
    decimal SlPrice,
    decimal Tp1Price,
    decimal Tp2Price,
    decimal? DcaPrice,
    string Status,
    string? Result,
    string? ExitReason,
    decimal? ExitPrice,
    decimal? ProfitPct,
    DateTimeOffset? ExitTime,
    int DcaCount,
    string BtcTrendStatus,
    double? AnomalyScore,
    double? WhaleImpact,
    double? NewsImpact,
    double? MlProbability,
    DateTimeOffset CreatedAt);
