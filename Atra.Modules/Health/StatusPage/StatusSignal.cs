namespace Atra.Modules.Health.StatusPage;

/// <summary>One broadcast signal as the public status page shows it: levels and outcome, never a user.</summary>
internal sealed record StatusSignal(
    long Id,
    string Symbol,
    string Side,
    string Interval,
    string FilterMode,
    string EntryPrice,
    string Tp1Price,
    string Tp2Price,
    string SlPrice,
    string Status,
    string? Result,
    string? ExitReason,
    string? ProfitPct,
    long SignalTime,
    long CreatedAt,
    long? ExitTs);
