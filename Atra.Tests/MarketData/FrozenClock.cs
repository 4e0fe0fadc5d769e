namespace Atra.Tests.MarketData;

/// <summary>A clock stopped at a chosen instant; timers still run in real time (so waits are short and real).</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
