namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// The exchange's trading rules for one symbol that sizing needs (MarketData's <c>SymbolRules</c> maps onto this):
/// quantity step, minimum quantity, minimum notional and the maximum leverage. Zero means "no rule".
/// </summary>
public sealed record LotRules(decimal StepSize, decimal MinQty, decimal MinNotional, int MaxLeverage)
{
    public static readonly LotRules None = new(0m, 0m, 0m, 0);
}
