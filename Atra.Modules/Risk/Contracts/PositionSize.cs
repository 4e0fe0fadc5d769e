namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// The answer of sizing. When <see cref="Allowed"/> is false, <see cref="Reason"/> says why (spot short, below the
/// exchange minimum, no deposit …) and the quantities are 0.
/// </summary>
public sealed record PositionSize(
    bool Allowed,
    string? Reason,
    decimal Quantity,
    decimal DcaQuantity,
    int Leverage,
    decimal Notional,
    decimal Margin,
    decimal RiskAmount,
    decimal RiskPct)
{
    public static PositionSize Rejected(string reason, int leverage, decimal riskAmount, decimal riskPct) =>
        new(false, reason, 0m, 0m, leverage, 0m, 0m, riskAmount, riskPct);
}
