using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// The numbers of STRATEGY.md "Levels and sizing" and "Lifecycle", bound from the <c>Risk</c> section.
/// Changing a value changes the behaviour, never the rules.
/// </summary>
public sealed class RiskSettings
{
    public const string SectionName = "Risk";

    /// <summary>Stop distance in ATRs: <c>sl = entry − StopLossAtr × atr14</c>.</summary>
    [Range(0.01, 100)]
    public double StopLossAtr { get; set; } = 1.5;

    /// <summary>TP1 distance in R.</summary>
    [Range(0.01, 100)]
    public double Tp1R { get; set; } = 1;

    /// <summary>TP2 distance in R.</summary>
    [Range(0.01, 100)]
    public double Tp2R { get; set; } = 2;

    public bool DcaEnabled { get; set; } = true;

    /// <summary>DCA distance in R below (long) the entry.</summary>
    [Range(0.01, 0.99)]
    public double DcaR { get; set; } = 0.5;

    /// <summary>DCA add as a fraction of the initial quantity.</summary>
    [Range(0.01, 10)]
    public double DcaQuantityFraction { get; set; } = 0.5;

    /// <summary>Fraction of the quantity held that closes at TP1.</summary>
    [Range(0.01, 0.99)]
    public double Tp1CloseFraction { get; set; } = 0.5;

    /// <summary>A signal still open at the close of candle <c>i + TimeoutCandles</c> closes there.</summary>
    [Range(1, 100_000)]
    public int TimeoutCandles { get; set; } = 48;

    /// <summary>Fee per side, a fraction of notional.</summary>
    [Range(0, 0.1)]
    public double FeeRate { get; set; } = 0.0004;

    /// <summary>Risk per trade in percent of the deposit, by tolerance.</summary>
    [Range(0.01, 100)]
    public double RiskPctLow { get; set; } = 0.5;

    [Range(0.01, 100)]
    public double RiskPctMedium { get; set; } = 1;

    [Range(0.01, 100)]
    public double RiskPctHigh { get; set; } = 2;

    /// <summary>Leverage caps by tolerance.</summary>
    [Range(1, 200)]
    public int MaxLeverageLow { get; set; } = 3;

    [Range(1, 200)]
    public int MaxLeverageMedium { get; set; } = 5;

    [Range(1, 200)]
    public int MaxLeverageHigh { get; set; } = 10;

    /// <summary>Protections in the freqtrade tradition; every one is off by default.</summary>
    [Required]
    public GuardSettings Guards { get; set; } = new();

    public double RiskPct(RiskTolerance tolerance) => tolerance switch
    {
        RiskTolerance.Low => RiskPctLow,
        RiskTolerance.High => RiskPctHigh,
        _ => RiskPctMedium,
    };

    public int MaxLeverage(RiskTolerance tolerance) => tolerance switch
    {
        RiskTolerance.Low => MaxLeverageLow,
        RiskTolerance.High => MaxLeverageHigh,
        _ => MaxLeverageMedium,
    };
}
