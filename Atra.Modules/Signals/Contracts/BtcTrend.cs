namespace Atra.Modules.Signals.Contracts;

/// <summary>BTC's trend at a signal's time (STRATEGY.md "BTC trend"); <see cref="Unknown"/> without BTC data.</summary>
public enum BtcTrend
{
    Unknown,
    Bullish,
    Bearish,
    Neutral,
}
