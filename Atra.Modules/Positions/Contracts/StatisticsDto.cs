namespace Atra.Modules.Positions.Contracts;

/// <summary>The totals of <see cref="GetStatisticsQuery"/> with their breakdown per symbol and per UTC day.</summary>
public sealed record StatisticsDto(
    long? UserId,
    string? Symbol,
    DateOnly? From,
    DateOnly? To,
    StatisticsFigures Totals,
    int OpenPositions,
    IReadOnlyList<StatisticsFigures> BySymbol,
    IReadOnlyList<StatisticsFigures> ByDay);
