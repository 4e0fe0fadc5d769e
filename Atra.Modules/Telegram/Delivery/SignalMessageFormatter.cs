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
        var icon = offer.Side == "long" ? "🟢" : "🔴";
        var b = new StringBuilder(512);
        b.AppendLine(BotTexts.Format(language, "signal_title", icon, offer.Side.ToUpperInvariant(), offer.Symbol, offer.FilterMode));
        b.Append("Entry: ").AppendLine(Price(offer.Entry));
        b.Append("TP1: ").AppendLine(Price(offer.Tp1));
        b.Append("TP2: ").AppendLine(Price(offer.Tp2));
        b.Append("SL: ").AppendLine(Price(offer.StopLoss));
        if (offer.Dca is { } dca)
        {
            b.Append("DCA: ").AppendLine(Price(dca));
        }
        b.AppendLine(BotTexts.Format(language, "signal_leverage", size.Leverage));
        b.AppendLine(BotTexts.Format(language, "signal_risk", Number(size.RiskPct), Money(size.RiskAmount)));
        b.AppendLine(size.Allowed
            ? BotTexts.Format(language, "signal_size", Number(size.Quantity), Money(size.Notional), Money(size.Margin))
            : BotTexts.Format(language, "signal_size_none", size.Reason));
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
        return b.ToString().TrimEnd();
    }

    /// <summary>A signal's price as stored (on the symbol's tick): every digit, never cut to 8 decimals (PEPE-class prices need more).</summary>
    public static string Price(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    public static string Money(decimal value) => Math.Round(value, 2).ToString("0.00", CultureInfo.InvariantCulture);
}
