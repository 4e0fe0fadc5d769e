namespace Atra.Modules.Signals.Contracts;

/// <summary>Edge spellings (<c>bullish</c>, <c>soft</c> …) of the Signals enums.</summary>
public static class BtcTrendText
{
    public static string ToText(this BtcTrend trend) => trend switch
    {
        BtcTrend.Bullish => "bullish",
        BtcTrend.Bearish => "bearish",
        BtcTrend.Neutral => "neutral",
        _ => "unknown",
    };

    public static BtcTrend ParseBtcTrend(string? text) => text switch
    {
        "bullish" => BtcTrend.Bullish,
        "bearish" => BtcTrend.Bearish,
        "neutral" => BtcTrend.Neutral,
        _ => BtcTrend.Unknown,
    };

    public static string ToText(this FilterMode mode) => mode == FilterMode.Strict ? "strict" : "soft";
}
