using System.Globalization;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// A typed deposit: digits with an optional dot and decimals, above 0 and at most 1,000,000,000 USDT. "12,5" is
/// refused (it is 12.5 to one reader and 125 to another), as are spaces, signs, exponents and currency symbols.
/// </summary>
internal static class DepositParser
{
    public const decimal Max = 1_000_000_000m;

    public static decimal? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || t.Length > 24 || !t.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return null;
        }
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        return value > 0m && value <= Max && decimal.Round(value, 8) == value ? value : null;
    }
}
