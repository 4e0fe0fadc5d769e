namespace Atra.Modules.Backtest.Api;

/// <summary>A <c>backtest_runs</c> row.</summary>
internal sealed class BacktestRunRow
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public string? Symbols { get; init; }
    public string Interval { get; init; } = "";
    public long? FromMs { get; init; }
    public long? ToMs { get; init; }
    public long CreatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? FinishedAt { get; init; }
    public string? Error { get; init; }
    public string? Summary { get; init; }
    public string? Trades { get; init; }
    public long? TradeCount { get; init; }
}
