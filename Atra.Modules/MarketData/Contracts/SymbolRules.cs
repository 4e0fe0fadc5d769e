namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// An exchange's trading rules for one symbol. <see cref="Status"/> is the exchange's status in upper case
/// (<c>TRADING</c> when orders are accepted). <see cref="MaxLeverage"/> is 1 on spot markets.
/// </summary>
public sealed record SymbolRules(string Symbol, string Status, decimal TickSize, decimal StepSize, decimal MinQty, decimal MinNotional, int MaxLeverage);
