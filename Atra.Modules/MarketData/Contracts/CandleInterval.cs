using System.Globalization;

namespace Atra.Modules.MarketData.Contracts;

/// <summary>Exchange interval names (<c>1m 5m 15m 30m 1h 2h 4h 6h 12h 1d</c>) and their lengths.</summary>
public static class CandleInterval
{
    private static readonly string[] Known = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"];

    public static IReadOnlyList<string> All => Known;

    public static bool IsValid(string interval) => Known.Contains(interval);

    /// <summary>The interval's length in milliseconds.</summary>
    public static long Milliseconds(string interval)
    {
        if (!IsValid(interval))
        {
            throw new ArgumentException($"'{interval}' is not a candle interval; use one of {string.Join(", ", Known)}", nameof(interval));
        }
        var value = long.Parse(interval.AsSpan(0, interval.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return interval[^1] switch
        {
            'm' => value * 60_000L,
            'h' => value * 3_600_000L,
            _ => value * 86_400_000L,
        };
    }

    /// <summary>Rows back that make <paramref name="hours"/> hours (momentum_1h, momentum_4h); null when it is not whole.</summary>
    public static int? RowsIn(string interval, int hours)
    {
        var ms = Milliseconds(interval);
        var span = hours * 3_600_000L;
        return span % ms == 0 && span >= ms ? (int)(span / ms) : null;
    }
}
