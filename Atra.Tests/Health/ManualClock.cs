namespace Atra.Tests.Health;

/// <summary>A clock the test sets; timers are not needed by the checks under test.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
