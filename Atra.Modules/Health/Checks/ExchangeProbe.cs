namespace Atra.Modules.Health.Checks;

/// <summary>
/// What the exchange check needs to know about one exchange; mirrors MarketData's <c>ExchangeHealth</c>.
/// <see cref="LastCandleAt"/> is when the newest candle arrived (not its open time), so its age is the feed's lag.
/// </summary>
internal sealed record ExchangeProbe(
    string Exchange,
    bool Reachable,
    TimeSpan? LastLatency,
    int? UsedWeight,
    int? WeightLimit,
    DateTimeOffset? LastCandleAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError);
