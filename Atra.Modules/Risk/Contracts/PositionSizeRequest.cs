namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// Everything needed to size one signal for one user: the user's deposit, risk tolerance, chosen leverage and
/// trade mode, the signal's side and levels, and the symbol's exchange rules (<see cref="LotRules.None"/> if unknown).
/// </summary>
public sealed record PositionSizeRequest(
    decimal Deposit,
    RiskTolerance Tolerance,
    int Leverage,
    TradeMode Mode,
    TradeSide Side,
    decimal Entry,
    decimal StopLoss,
    decimal? Dca,
    LotRules Rules);
