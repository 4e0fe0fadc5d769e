using System.Globalization;

namespace Atra.Modules.Positions.Ledger;

/// <summary>The TEXT decimal columns: exact invariant text without trailing zeros, and back.</summary>
internal static class Decimals
{
    public static string Text(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string? Text(decimal? value) => value is { } v ? Text(v) : null;

    /// <summary>Also reads exponents: SQLite writes a REAL it casts to TEXT that way.</summary>
    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static decimal? ParseOptional(string? text) => text is null ? null : Parse(text);

    /// <summary>
    /// A price the Signals module stored as round-trip text of a double, converted the way its events convert the
    /// same double (<c>(decimal)double</c>), so a fill booked from the table equals the one booked from the event.
    /// </summary>
    public static decimal? SignalPrice(string? text) =>
        text is null ? null : (decimal)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Down to a multiple of the exchange's step; 8 decimals when there is no step (as the sizer does).</summary>
    public static decimal RoundDown(decimal value, decimal step) =>
        step > 0m ? Math.Floor(value / step) * step : Math.Round(value, 8, MidpointRounding.ToZero);
}
