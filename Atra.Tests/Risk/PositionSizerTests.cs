using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Sizing;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Risk;

public sealed class PositionSizerTests
{
    private static readonly PositionSizer Sizer = new(Options.Create(new RiskSettings()));

    [Test]
    public void Size_MediumFutures_LossAtStopAfterDcaEqualsRiskAmount()
    {
        // Deposit 10,000, 1 % → 100; entry 100, sl 85 (R 15), dca 92.5: q0 = 100 / (15 × 1.25) = 5.333…
        var size = Sizer.Size(new PositionSizeRequest(10_000m, RiskTolerance.Medium, 20, TradeMode.Futures, TradeSide.Long, 100m, 85m, 92.5m, new LotRules(0.001m, 0.001m, 5m, 50)));
        Assert.That(size.Allowed, Is.True);
        Assert.That((size.Quantity, size.DcaQuantity, size.Leverage, size.RiskAmount), Is.EqualTo((5.333m, 2.666m, 5, 100m)));
        var lossAtStop = size.Quantity * 15m + size.DcaQuantity * 7.5m;
        Assert.That(lossAtStop, Is.LessThanOrEqualTo(100m));
    }

    [Test]
    public void Size_Spot_LeverageOneAndNoShorts()
    {
        var rules = LotRules.None;
        var longSize = Sizer.Size(new PositionSizeRequest(1_000m, RiskTolerance.High, 10, TradeMode.Spot, TradeSide.Long, 100m, 85m, null, rules));
        Assert.That((longSize.Allowed, longSize.Leverage), Is.EqualTo((true, 1)));
        var shortSize = Sizer.Size(new PositionSizeRequest(1_000m, RiskTolerance.High, 10, TradeMode.Spot, TradeSide.Short, 100m, 115m, null, rules));
        Assert.That(shortSize.Allowed, Is.False);
    }

    [Test]
    public void Size_MarginAboveDeposit_QuantityShrinksToFit()
    {
        // High risk (2 %) with a very tight stop wants a huge quantity; leverage capped by the exchange at 2.
        var size = Sizer.Size(new PositionSizeRequest(1_000m, RiskTolerance.High, 10, TradeMode.Futures, TradeSide.Long, 100m, 99.9m, 99.95m, new LotRules(0.01m, 0.01m, 5m, 2)));
        Assert.That(size.Leverage, Is.EqualTo(2));
        Assert.That(size.Margin, Is.LessThanOrEqualTo(1_000m));
        Assert.That(size.Quantity, Is.EqualTo(13.33m));
    }

    [Test]
    public void Size_BelowExchangeMinimum_Rejected()
    {
        var size = Sizer.Size(new PositionSizeRequest(10m, RiskTolerance.Low, 1, TradeMode.Futures, TradeSide.Long, 100m, 85m, 92.5m, new LotRules(0.1m, 0.1m, 5m, 10)));
        Assert.That((size.Allowed, size.Quantity), Is.EqualTo((false, 0m)));
    }
}
