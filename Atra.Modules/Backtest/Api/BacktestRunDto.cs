using System.Text.Json;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// A backtest run as <c>GET /api/backtests/{id}</c> answers it: status <c>queued|running|done|failed</c>, progress
/// (0–1), and when done <see cref="Summary"/> (summary.json: soft and strict metrics) and a page of trades.
/// </summary>
internal sealed record BacktestRunDto(
    long Id,
    string Status,
    IReadOnlyList<string>? Symbols,
    string Interval,
    DateTimeOffset? From,
    DateTimeOffset? To,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double Progress,
    string? ProgressMessage,
    string? Error,
    JsonElement? Summary,
    BacktestTradesPage? Trades);
