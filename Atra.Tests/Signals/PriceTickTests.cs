using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Delivery;

namespace Atra.Tests.Signals;

/// <summary>Issue 13 item 13: levels on the symbol's price grid, one canonical decimal, every digit shown.</summary>
public sealed class PriceTickTests
{
    [Test]
    public void Infer_RealQuotes_TheFinestDecimalStep()
    {
        Assert.That(PriceTick.Infer([19093.63, 19064.92, 19041, 19108.45]), Is.EqualTo(0.01m));
        Assert.That(PriceTick.Infer([0.25551, 0.2666, 0.288]), Is.EqualTo(0.00001m));
        // PEPE-class: more than 8 decimals.
        Assert.That(PriceTick.Infer([0.0000012345, 0.0000012351, 0.000001234]), Is.EqualTo(0.0000000001m));
        Assert.That(PriceTick.Infer([100, 101, 99]), Is.EqualTo(1m));
        // Not quoted prices (computed values): no grid, levels stay as computed.
        Assert.That(PriceTick.Infer([1.5109841322708946]), Is.EqualTo(0m));
    }

    [Test]
    public void Round_Levels_OnTheTickAndTheirTextIsTheCanonicalDecimal()
    {
        var levels = new SignalLevels(TradeSide.Long, 1.5123, 1.5109841322708946, 1.5136158677291054, 1.5149317354582108, 1.5116420661354473);

        var rounded = PriceTick.Round(in levels, 0.0001m);

        Assert.That(new[] { rounded.Entry, rounded.Sl, rounded.Tp1, rounded.Tp2, rounded.Dca }.Select(PriceTick.Text),
            Is.EqualTo(new[] { "1.5123", "1.511", "1.5136", "1.5149", "1.5116" }));
        Assert.That(PriceTick.ToDecimal(rounded.Sl), Is.EqualTo(1.511m));
        // A PEPE-class price on its 1E-10 tick.
        Assert.That(PriceTick.Round(0.00000123456789, 0.0000000001m), Is.EqualTo(0.0000012346));
    }

    [Test]
    public void TelegramPrice_PepeClass_EveryDigitShown()
    {
        Assert.That(SignalMessageFormatter.Price(PriceTick.ToDecimal(0.0000012346)), Is.EqualTo("0.0000012346"));
        Assert.That(SignalMessageFormatter.Price(19093.63m), Is.EqualTo("19093.63"));
    }
}
