using System.Globalization;
using System.Text;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Telegram.Texts;

namespace Atra.Modules.Telegram.Delivery;

/// <summary>The personal signal message: levels (same labels in both languages), leverage, risk, the user's size, verdicts.</summary>
internal static class SignalMessageFormatter
{
    public static string Format(SignalOffer offer, PositionSize size, string language)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(size);
        var b = new StringBuilder(512);
        AppendLevels(b, offer, language);
        AppendPersonal(b, size, language);
        AppendVerdicts(b, offer, language);
        return b.ToString().TrimEnd();
    }

    /// <summary>
    /// The channel post: the same levels and verdicts with no personal part (size, leverage, risk depend on each
    /// reader's deposit and settings, which a channel does not have; subscribers get those in their own message).
    /// </summary>
    public static string FormatForChannel(SignalOffer offer, string language)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var b = new StringBuilder(384);
        AppendLevels(b, offer, language);
        AppendVerdicts(b, offer, language);
        return b.ToString().TrimEnd();
    }

    private static void AppendLevels(StringBuilder b, SignalOffer offer, string language)
    {
        var icon = offer.Side == "long" ? "🟢" : "🔴";
        b.AppendLine(BotTexts.Format(language, "signal_title", icon, offer.Side.ToUpperInvariant(), offer.Symbol, offer.FilterMode));
        b.Append("Entry: ").AppendLine(Price(offer.Entry));
        b.Append("TP1: ").AppendLine(Price(offer.Tp1));
        b.Append("TP2: ").AppendLine(Price(offer.Tp2));
        b.Append("SL: ").AppendLine(Price(offer.StopLoss));
        if (offer.Dca is { } dca)
        {
            b.Append("DCA: ").AppendLine(Price(dca));
        }
    }

    private static void AppendPersonal(StringBuilder b, PositionSize size, string language)
    {
        b.AppendLine(BotTexts.Format(language, "signal_leverage", size.Leverage));
        b.AppendLine(BotTexts.Format(language, "signal_risk", Number(size.RiskPct), Money(size.RiskAmount)));
        b.AppendLine(size.Allowed
            ? BotTexts.Format(language, "signal_size", Number(size.Quantity), Money(size.Notional), Money(size.Margin))
            : BotTexts.Format(language, "signal_size_none", size.Reason));
    }

    private static void AppendVerdicts(StringBuilder b, SignalOffer offer, string language)
    {
        if (offer.Verdicts.Count > 0)
        {
            b.AppendLine(BotTexts.Get(language, "signal_filters"));
            foreach (var v in offer.Verdicts)
            {
                b.Append(v.Passed ? "✅ " : "⚠️ ").Append(v.Name);
                if (!string.IsNullOrEmpty(v.Detail))
                {
                    b.Append(": ").Append(v.Detail);
                }
                b.AppendLine();
            }
        }
    }

    /// <summary>A signal's price as stored (on the symbol's tick): every digit, never cut to 8 decimals (PEPE-class prices need more).</summary>
    public static string Price(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    public static string Money(decimal value) => Math.Round(value, 2).ToString("0.00", CultureInfo.InvariantCulture);
}
