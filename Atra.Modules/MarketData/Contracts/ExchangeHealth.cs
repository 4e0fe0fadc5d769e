namespace Atra.Modules.MarketData.Contracts;

/// <summary>What Atra knows about one market-data source's health; the Health module shows it.</summary>
public sealed record ExchangeHealth(
    string Exchange,
    bool Reachable,
    TimeSpan? LastLatency,
    int? UsedWeight,
    int? WeightLimit,
    DateTimeOffset? LastCandleAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError);
