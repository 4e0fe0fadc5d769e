namespace Atra.Modules.Risk.Contracts;

/// <summary>Spot users trade with leverage 1 and never short; futures users may.</summary>
public enum TradeMode
{
    Spot,
    Futures,
}
