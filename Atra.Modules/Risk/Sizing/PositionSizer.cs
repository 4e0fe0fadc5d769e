using Atra.Modules.Risk.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Risk.Sizing;

/// <summary>
/// STRATEGY.md "Levels and sizing": risk amount = deposit × risk %, the initial quantity makes a loss at the stop
/// after the DCA add equal the risk amount, leverage is capped by tolerance and the exchange, and the quantity
/// shrinks (in exchange steps) until the margin of the whole plan (initial + DCA) fits the deposit.
/// </summary>
internal sealed class PositionSizer(IOptions<RiskSettings> options) : IPositionSizer
{
    /// <summary>Quantity precision when the exchange gives no step.</summary>
    private const int DefaultDecimals = 8;

    public PositionSize Size(PositionSizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var rules = request.Rules ?? LotRules.None;
        var riskPct = (decimal)settings.RiskPct(request.Tolerance);
        var riskAmount = request.Deposit * riskPct / 100m;

        int leverage;
        if (request.Mode == TradeMode.Spot)
        {
            leverage = 1;
            if (request.Side == TradeSide.Short)
            {
                return PositionSize.Rejected("spot accounts cannot short", leverage, riskAmount, riskPct);
            }
        }
        else
        {
            leverage = Math.Clamp(request.Leverage, 1, settings.MaxLeverage(request.Tolerance));
            if (rules.MaxLeverage > 0)
            {
                leverage = Math.Min(leverage, rules.MaxLeverage);
            }
        }
        if (request.Deposit <= 0m)
        {
            return PositionSize.Rejected("the deposit must be positive", leverage, riskAmount, riskPct);
        }
        var r = Math.Abs(request.Entry - request.StopLoss);
        if (request.Entry <= 0m || r == 0m)
        {
            return PositionSize.Rejected("the entry and stop loss do not define a risk", leverage, riskAmount, riskPct);
        }

        // The DCA add (a fraction of the initial quantity) loses |dca − sl| per unit at the stop.
        var dcaFraction = request.Dca is null ? 0m : (decimal)settings.DcaQuantityFraction;
        var dcaPrice = request.Dca ?? 0m;
        var lossPerUnit = r + dcaFraction * Math.Abs(dcaPrice - request.StopLoss);
        var q = RoundDown(riskAmount / lossPerUnit, rules.StepSize);

        // Margin of the whole plan (initial + DCA) must fit the deposit.
        var notionalPerUnit = request.Entry + dcaFraction * dcaPrice;
        var maxByMargin = RoundDown(request.Deposit * leverage / notionalPerUnit, rules.StepSize);
        if (q > maxByMargin)
        {
            q = maxByMargin;
        }
        var dcaQ = RoundDown(q * dcaFraction, rules.StepSize);
        while (q > 0m && (q * request.Entry + dcaQ * dcaPrice) / leverage > request.Deposit)
        {
            q -= rules.StepSize > 0m ? rules.StepSize : q / 1000m;
            dcaQ = RoundDown(q * dcaFraction, rules.StepSize);
        }

        if (q <= 0m || q < rules.MinQty)
        {
            return PositionSize.Rejected($"the quantity {q} is below the exchange minimum {rules.MinQty}", leverage, riskAmount, riskPct);
        }
        var notional = q * request.Entry;
        if (notional < rules.MinNotional)
        {
            return PositionSize.Rejected($"the notional {notional} is below the exchange minimum {rules.MinNotional}", leverage, riskAmount, riskPct);
        }
        // A DCA add the exchange would refuse is left out rather than rejecting the whole position.
        if (dcaQ > 0m && (dcaQ < rules.MinQty || dcaQ * dcaPrice < rules.MinNotional))
        {
            dcaQ = 0m;
        }
        var margin = (notional + dcaQ * dcaPrice) / leverage;
        return new PositionSize(true, null, q, dcaQ, leverage, notional, margin, riskAmount, riskPct);
    }

    private static decimal RoundDown(decimal value, decimal step) =>
        step > 0m ? Math.Floor(value / step) * step : Math.Round(value, DefaultDecimals, MidpointRounding.ToZero);
}
