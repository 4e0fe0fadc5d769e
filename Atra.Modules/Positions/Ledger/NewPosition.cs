namespace Atra.Modules.Positions.Ledger;

/// <summary>A sized position about to open.</summary>
internal sealed record NewPosition(
    long UserId,
    long SignalId,
    string Symbol,
    string Interval,
    string Side,
    decimal Entry,
    decimal Quantity,
    decimal DcaQuantity,
    decimal LotStep,
    int Leverage,
    decimal Tp1,
    decimal Tp2,
    decimal StopLoss,
    long OpenedAt);
