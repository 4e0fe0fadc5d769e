using System.Globalization;
using System.Runtime.CompilerServices;

namespace Atra.Modules.Indicators.Shared;

/// <summary>
/// Rejects candles the indicators cannot be computed from (non-finite or non-positive prices, high below low,
/// negative or non-finite volume) with an <see cref="ArgumentException"/> naming the row and the column: garbage
/// in must not become plausible numbers out.
/// </summary>
internal static class CandleValidation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(double open, double high, double low, double close, double volume, long row, string parameterName)
    {
        // One predictable branch on the hot path; NaN fails every comparison, so it lands in the slow path too.
        if (!(open > 0 && open <= double.MaxValue && high <= double.MaxValue && low > 0 && close > 0 && close <= double.MaxValue
              && high >= low && volume >= 0 && volume <= double.MaxValue))
        {
            Throw(open, high, low, close, volume, row, parameterName);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(double open, double high, double low, double close, double volume, long row, string parameterName)
    {
        var message =
            !IsPrice(open) ? Bad("open", open, "is not a positive finite price") :
            !IsPrice(high) ? Bad("high", high, "is not a positive finite price") :
            !IsPrice(low) ? Bad("low", low, "is not a positive finite price") :
            !IsPrice(close) ? Bad("close", close, "is not a positive finite price") :
            !(volume >= 0 && volume <= double.MaxValue) ? Bad("volume", volume, "is not a finite non-negative volume") :
            Bad("high", high, $"is below low {low.ToString("R", CultureInfo.InvariantCulture)}");
        throw new ArgumentException($"row {row}: {message}", parameterName);
    }

    private static bool IsPrice(double value) => value > 0 && value <= double.MaxValue;

    private static string Bad(string column, double value, string problem) =>
        $"column '{column}': {value.ToString("R", CultureInfo.InvariantCulture)} {problem}";
}
