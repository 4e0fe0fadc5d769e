using System.Globalization;
using System.Runtime.CompilerServices;

namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// Number parsing for candle CSV bytes. Plain decimals (<c>-?digits[.digits]</c>, up to 19 significant digits)
/// whose digits fit in 2^53 and whose power of ten is at most 22 are converted with one IEEE multiplication or
/// division of two exact doubles (Clinger's fast path): that one operation is correctly rounded, so the result is
/// the double <see cref="double.Parse(string, IFormatProvider)"/> gives. Everything else (exponents, more digits,
/// odd forms) goes to the framework parser, so the fast path never decides a value it cannot decide exactly.
/// </summary>
internal static class Utf8Number
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a decimal number; the same double as <c>double.TryParse(text, NumberStyles.Float, InvariantCulture)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        TryParseFast(text, out value) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The unsigned integer (up to 18 digits) at the start of <paramref name="text"/>; false when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseMillisecondsPrefix(ReadOnlySpan<byte> text, out long value, out int used)
    {
        long v = 0;
        var i = 0;
        for (; i < text.Length && i < 18; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                break;
            }
            v = (v * 10) + digit;
        }
        value = v;
        used = i;
        return i > 0;
    }

    /// <summary>Parses digits only (Unix milliseconds), as <c>long.TryParse(text, NumberStyles.None, InvariantCulture)</c>.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
        long v = 0;
        foreach (var b in text)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }
            v = (v * 10) + digit;
        }
        value = v;
        return true;
    }

    private static bool TryParseFast(ReadOnlySpan<byte> text, out double value) =>
        TryParsePrefix(text, out value, out var used) && used == text.Length;

    /// <summary>
    /// The fast path on the plain decimal at the start of <paramref name="text"/> (up to the first byte that is not
    /// a digit or the point): true only when the fast path decides it exactly; <paramref name="used"/> is its length.
    /// A caller that checks the byte after it is a delimiter gets the value <c>double.Parse</c> gives for the field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePrefix(ReadOnlySpan<byte> text, out double value, out int used)
    {
        value = 0;
        used = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        var significant = 0;
        var digits = 0;
        var scale = 0;
        var seenPoint = false;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            var digit = (uint)(b - '0');
            if (digit <= 9)
            {
                digits++;
                if (mantissa == 0 && digit == 0)
                {
                    // Leading zeros carry no precision, only the scale when after the point.
                    scale -= seenPoint ? 1 : 0;
                    continue;
                }
                if (++significant > 19)
                {
                    return false;
                }
                mantissa = (mantissa * 10) + digit;
                scale -= seenPoint ? 1 : 0;
            }
            else if (b == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }
        used = i;
        if (digits == 0 || mantissa > MaxExactMantissa || scale < -22)
        {
            return false;
        }
        double result = mantissa;
        if (scale < 0)
        {
            result /= PowersOfTen[-scale];
        }
        value = negative ? -result : result;
        return true;
    }
}
