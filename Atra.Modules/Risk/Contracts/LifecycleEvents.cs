namespace Atra.Modules.Risk.Contracts;

/// <summary>What happened to a signal during one candle (several may happen in one candle).</summary>
[Flags]
public enum LifecycleEvents
{
    None = 0,
    DcaFilled = 1,
    Tp1Hit = 2,
    Closed = 4,
}
