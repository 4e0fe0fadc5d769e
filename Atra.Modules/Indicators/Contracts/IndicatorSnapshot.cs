namespace Atra.Modules.Indicators.Contracts;

// A plain value on the per-candle hot path: public fields, written in place by the streaming engine.
#pragma warning disable CA1051, CA1815

/// <summary>
/// The indicator columns of STRATEGY.md for one closed candle. NaN means undefined (TA-Lib has no value there);
/// at the storage and API edges NaN becomes null/empty, never 0.
/// </summary>
public struct IndicatorSnapshot
{
    public long OpenTimeMs;
    public double Ema7;
    public double Ema25;
    public double Rsi14;
    public double Adx14;
    public double StochRsiK;
    public double StochRsiD;
    public double Atr14;
    public double BbUpper;
    public double BbMiddle;
    public double BbLower;
    public double BbPos;
    public double VolumeRatio;
    public double Momentum1h;
    public double Momentum4h;
}
