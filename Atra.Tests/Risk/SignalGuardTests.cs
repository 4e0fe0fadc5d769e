using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Guards;

namespace Atra.Tests.Risk;

public sealed class SignalGuardTests
{
    private const long H = 3_600_000;

    [Test]
    public void Guards_Default_AllOff()
    {
        var book = SignalGuardBookFactory.Create(new GuardSettings());
        Assert.That((book.AnyEnabled, book.Check("ETHUSDT", 0).Allowed), Is.EqualTo((false, true)));
    }

    [Test]
    public void StoplossGuard_LimitReached_LocksAllSymbolsUntilLockEnds()
    {
        var book = SignalGuardBookFactory.Create(new GuardSettings { StoplossGuard = new() { Enabled = true, TradeLimit = 2, Lookback = TimeSpan.FromHours(10), LockDuration = TimeSpan.FromHours(3) } });
        book.RecordClosed("ETHUSDT", 1 * H, ExitReason.StopLoss, -0.01);
        Assert.That(book.Check("SOLUSDT", 2 * H).Allowed, Is.True);
        book.RecordClosed("ADAUSDT", 5 * H, ExitReason.StopLoss, -0.01);
        var verdict = book.Check("SOLUSDT", 6 * H);
        Assert.That((verdict.Allowed, verdict.Guard), Is.EqualTo((false, "StoplossGuard")));
        Assert.That(book.Check("SOLUSDT", 8 * H).Allowed, Is.True);
    }

    [Test]
    public void StoplossGuard_StopsFartherApartThanLookback_DoNotLock()
    {
        var book = SignalGuardBookFactory.Create(new GuardSettings { StoplossGuard = new() { Enabled = true, TradeLimit = 2, Lookback = TimeSpan.FromHours(2), LockDuration = TimeSpan.FromHours(3) } });
        book.RecordClosed("ETHUSDT", 1 * H, ExitReason.StopLoss, -0.01);
        book.RecordClosed("ETHUSDT", 5 * H, ExitReason.StopLoss, -0.01);
        book.RecordClosed("ETHUSDT", 5 * H, ExitReason.Breakeven, -0.001);
        Assert.That(book.Check("ETHUSDT", 6 * H).Allowed, Is.True);
    }

    [Test]
    public void CooldownGuard_AfterClose_BlocksOnlyThatSymbolForDuration()
    {
        var book = SignalGuardBookFactory.Create(new GuardSettings { Cooldown = new() { Enabled = true, Duration = TimeSpan.FromHours(4) } });
        book.RecordOpened("ETHUSDT", 0);
        book.RecordClosed("ETHUSDT", 10 * H, ExitReason.TakeProfit2, 0.02);
        Assert.That(book.Check("ETHUSDT", 13 * H).Allowed, Is.False);
        Assert.That(book.Check("SOLUSDT", 13 * H).Allowed, Is.True);
        Assert.That(book.Check("ETHUSDT", 14 * H).Allowed, Is.True);
        Assert.That(book.CrossSymbol, Is.False);
    }

    [Test]
    public void MaxOpenSignalsGuard_AtLimit_BlocksUntilOneCloses()
    {
        var book = SignalGuardBookFactory.Create(new GuardSettings { MaxOpenSignals = new() { Enabled = true, Limit = 2 } });
        book.RecordOpened("ETHUSDT", 0);
        book.RecordOpened("SOLUSDT", 0);
        Assert.That(book.Check("ADAUSDT", H).Allowed, Is.False);
        book.RecordClosed("ETHUSDT", H, ExitReason.Timeout, 0.001);
        Assert.That(book.Check("ADAUSDT", 2 * H).Allowed, Is.True);
        Assert.That(book.CrossSymbol, Is.True);
    }
}
