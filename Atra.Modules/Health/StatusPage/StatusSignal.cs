namespace Atra.Modules.Health.StatusPage;

/// <summary>
/// One broadcast signal as the public status page shows it: levels (the stored canonical prices, on the symbol's tick)
/// and outcome, never a user. <see cref="ProfitPct"/> is in percent (the page's "Profit %"), as <see cref="Shown"/> makes it.
/// </summary>
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
    long? ExitTs)
{
    /// <summary>The stored profit is a fraction (STRATEGY.md "Profit"); the page says %, so it shows percent, 2 decimals.</summary>
    public StatusSignal Shown() => this with
    {
        ProfitPct = decimal.TryParse(ProfitPct, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var fraction)
            ? Math.Round(fraction * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
            : ProfitPct,
    };
}
