using System.Globalization;
using System.Text.Json;

namespace Atra.Host.Cli;

/// <summary>
/// A component's data as an operator reads it: <c>disk free 12.3 GiB</c>, <c>memory used 45.1 %</c>,
/// <c>latency 12 ms</c>, <c>candle lag 35 s</c>, instead of raw byte counts. The unit comes from the key's suffix
/// (<c>_bytes</c>, <c>_percent</c>, <c>_ms</c>, <c>_s</c>), so every check's figures follow one rule.
/// </summary>
internal static class HealthFigures
{
    /// <summary>Keys that are identities or texts already in the reason or the detail, not figures.</summary>
    private static readonly HashSet<string> NotFigures = new(StringComparer.Ordinal)
    {
        "url", "path", "disk_path", "last_error", "bot_username", "quick_check", "journal_mode", "cluster_name", "last_failure",
        "memory_total_bytes", "disk_total_bytes", "last_write_at", "last_success_at", "last_candle_at", "last_failure_at",
    };

    public static string Describe(IReadOnlyDictionary<string, object?> data, int max = 6) =>
        string.Join(", ", data
            .Where(kv => !NotFigures.Contains(kv.Key) && Scalar(kv.Value) is not null)
            .Take(max)
            .Select(kv => Format(kv.Key, Scalar(kv.Value)!)));

    internal static string Format(string key, object value)
    {
        var number = value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            _ => (double?)null,
        };
        if (number is { } n)
        {
            if (key.EndsWith("_bytes", StringComparison.Ordinal))
            {
                return $"{Label(key, "_bytes")} {Bytes(n)}";
            }
            if (key.EndsWith("_percent", StringComparison.Ordinal))
            {
                return $"{Label(key, "_percent")} {n.ToString("0.#", CultureInfo.InvariantCulture)} %";
            }
            if (key.EndsWith("_ms", StringComparison.Ordinal))
            {
                return $"{Label(key, "_ms")} {n.ToString("0", CultureInfo.InvariantCulture)} ms";
            }
            if (key.EndsWith("_s", StringComparison.Ordinal))
            {
                return $"{Label(key, "_s")} {Duration(n)}";
            }
            return $"{Label(key, "")} {n.ToString("0.##", CultureInfo.InvariantCulture)}";
        }
        return value switch
        {
            bool b => $"{Label(key, "")} {(b ? "yes" : "no")}",
            DateTimeOffset t => $"{Label(key, "_at")} {t.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)}",
            _ => $"{Label(key, "")} {value}",
        };
    }

    internal static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (Math.Abs(bytes) >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes.ToString("0", CultureInfo.InvariantCulture)} B" : $"{bytes.ToString(bytes < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    internal static string Duration(double seconds) => seconds switch
    {
        < 120 => $"{seconds.ToString("0", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{(seconds / 60).ToString("0", CultureInfo.InvariantCulture)} min",
        < 172_800 => $"{(seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture)} h",
        _ => $"{(seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture)} d",
    };

    private static string Label(string key, string suffix) =>
        (suffix.Length > 0 && key.EndsWith(suffix, StringComparison.Ordinal) ? key[..^suffix.Length] : key).Replace('_', ' ');

    /// <summary>A figure's value: numbers, flags, texts and times; nested objects (per-worker tables) and nulls are left out.</summary>
    private static object? Scalar(object? value) => value switch
    {
        null => null,
        IDictionary<string, object?> => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement => null,
        _ => value,
    };
}
