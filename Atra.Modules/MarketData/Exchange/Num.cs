using System.Globalization;
using System.Text.Json;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>Exchange numbers arrive as JSON strings ("0.01000000"); these read them exactly (decimal) or as doubles.</summary>
internal static class Num
{
    public static double D(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : e.GetDouble();

    public static decimal M(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? decimal.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : e.GetDecimal();

    public static long L(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? long.Parse(e.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : e.GetInt64();

    public static decimal M(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number
        && (v.ValueKind != JsonValueKind.String || v.GetString()!.Length > 0)
            ? M(v)
            : 0m;

    public static string S(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    public static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
