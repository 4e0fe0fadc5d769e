using System.Globalization;
using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// A signal's prices on the symbol's price grid, in one canonical form. Levels are rounded to the tick once, when the
/// signal is created (<see cref="SignalStep.Evaluate"/>); the rounded double is the one whose shortest round-trip text
/// (<see cref="Text"/>) the store keeps and every module reads back as the same <see cref="decimal"/>
/// (<see cref="ToDecimal"/>): the API, the status page, Telegram, Positions and a resumed lifecycle see one number.
/// </summary>
public static class PriceTick
{
    /// <summary>Closes looked at to infer the grid where the exchange's tick is not known (backtests, replays).</summary>
    public const int InferWindow = 50;

    private const int MaxDecimals = 12;

    /// <summary>
    /// The price grid candles of a symbol are quoted on, where no exchange tick is known (backtests and replays): the
    /// finest decimal step among the last <see cref="InferWindow"/> closes (0.01 for BTCUSDT's files, 1E-08 for
    /// PEPE-class prices); 0 when none is found within 12 decimals (the levels then stay unrounded).
    /// </summary>
    public static decimal Infer(ReadOnlySpan<double> closes)
    {
        var decimals = 0;
        for (var i = Math.Max(0, closes.Length - InferWindow); i < closes.Length; i++)
        {
            var c = closes[i];
            if (!(c > 0) || double.IsInfinity(c))
            {
                continue;
            }
            var k = Decimals(c);
            if (k < 0)
            {
                return 0;
            }
            decimals = Math.Max(decimals, k);
        }
        return decimals == 0 ? 1m : new decimal(1, 0, 0, false, (byte)decimals);
    }

    /// <summary>The levels on the grid of <paramref name="tick"/> (nearest, midpoints away from zero); unchanged when the tick is not positive.</summary>
    public static SignalLevels Round(in SignalLevels levels, decimal tick)
    {
        if (tick <= 0)
        {
            return levels;
        }
        return new SignalLevels(levels.Side, Round(levels.Entry, tick), Round(levels.Sl, tick), Round(levels.Tp1, tick), Round(levels.Tp2, tick),
            levels.HasDca ? Round(levels.Dca, tick) : double.NaN);
    }

    /// <summary>A price on the grid of <paramref name="tick"/>, as the double its canonical text reads back to.</summary>
    public static double Round(double price, decimal tick)
    {
        if (tick <= 0 || double.IsNaN(price) || double.IsInfinity(price) || Math.Abs(price) > 1e15)
        {
            return price;
        }
        var rounded = decimal.Round((decimal)price / tick, MidpointRounding.AwayFromZero) * tick;
        return double.Parse(rounded.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The canonical text of a price: the shortest text that reads back to the same double (what the store keeps).</summary>
    public static string Text(double price) => price.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The canonical decimal of a price: exactly its <see cref="Text"/>, never a 15-digit cast.</summary>
    public static decimal ToDecimal(double price) => decimal.Parse(Text(price), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Decimal places of a positive price's shortest text; −1 beyond <see cref="MaxDecimals"/> (not a quoted price).</summary>
    private static int Decimals(double price)
    {
        Span<char> text = stackalloc char[32];
        if (!price.TryFormat(text, out var n, "R", CultureInfo.InvariantCulture))
        {
            return -1;
        }
        text = text[..n];
        var e = text.IndexOfAny('E', 'e');
        var exponent = 0;
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var decimals = (dot < 0 ? 0 : text.Length - dot - 1) - exponent;
        return decimals > MaxDecimals ? -1 : Math.Max(0, decimals);
    }
}
