using System.Runtime.InteropServices;

namespace Atra.Modules.Signals.Contracts;

// A plain value copied once per signal; public fields keep the hot path free of accessors.
#pragma warning disable CA1051, CA1815

/// <summary>
/// The features at signal time, in the order of the trades.csv columns (INTERFACES.md). NaN = undefined/unknown
/// (an empty cell, a null at the API). Whale and news are 0 where there is no feed, NaN when the filter failed.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct SignalFeatures
{
    public double Ema7;
    public double Ema25;
    public double Rsi14;
    public double Adx14;
    public double StochRsiK;
    public double StochRsiD;
    public double Atr14;
    public double BbPos;
    public double VolumeRatio;
    public double Momentum1h;
    public double Momentum4h;
    public BtcTrend BtcTrend;
    public double BtcMomentum1h;
    public double AnomalyScore;
    public double WhaleImpact;
    public double NewsImpact;
    public double MlProbability;
}
