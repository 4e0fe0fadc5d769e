using Atra.Modules.Risk.Contracts;

namespace Atra.Tests.Risk;

/// <summary>
/// Handmade candles checked by hand against STRATEGY.md "Lifecycle". Long: entry 100, atr 10 → sl 85, R 15,
/// tp1 115, tp2 130, dca 92.5. Short: sl 115, tp1 85, tp2 70, dca 107.5. Fee 0.0004 per side.
/// </summary>
public sealed class SignalLifecycleTests
{
    private const double F = 0.0004;
    private static readonly RiskSettings Defaults = new();

    private static SignalLifecycle Open(TradeSide side, RiskSettings? settings = null)
    {
        var s = settings ?? Defaults;
        var levels = SignalLevels.Compute(side, 100, 10, s)!.Value;
        return SignalLifecycle.Open(in levels, s);
    }

    private static LifecycleEvents Step(ref SignalLifecycle life, long t, double o, double h, double l, double c) => life.Step(t, o, h, l, c);

    [Test]
    public void Levels_LongAndShort_FollowStrategyFormulas()
    {
        var l = SignalLevels.Compute(TradeSide.Long, 100, 10, Defaults)!.Value;
        Assert.That((l.Sl, l.Tp1, l.Tp2, l.Dca), Is.EqualTo((85.0, 115.0, 130.0, 92.5)));
        var s = SignalLevels.Compute(TradeSide.Short, 100, 10, Defaults)!.Value;
        Assert.That((s.Sl, s.Tp1, s.Tp2, s.Dca), Is.EqualTo((115.0, 85.0, 70.0, 107.5)));
        Assert.That(SignalLevels.Compute(TradeSide.Long, 100, double.NaN, Defaults), Is.Null);
    }

    [Test]
    public void Long_StopWithoutDca_ClosesAtStop()
    {
        var life = Open(TradeSide.Long, new RiskSettings { DcaEnabled = false });
        Step(ref life, 1, 99, 101, 90, 95);
        Assert.That(life.IsClosed, Is.False);
        var ev = Step(ref life, 2, 95, 96, 84, 86);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.Closed));
        Assert.That((life.ExitReason, life.ExitPrice, life.ExitTimeMs, life.DcaCount), Is.EqualTo((ExitReason.StopLoss, 85.0, 2L, 0)));
        Assert.That(life.ProfitPct, Is.EqualTo((85 - 100 - F * (100 + 85)) / 100).Within(1e-15));
    }

    [Test]
    public void Long_DcaThenStop_AddsAtDcaThenStopsOut()
    {
        var life = Open(TradeSide.Long);
        var ev = Step(ref life, 1, 99, 101, 90, 95);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.DcaFilled));
        Assert.That((life.DcaCount, life.AverageEntry), Is.EqualTo((1, (100 + 0.5 * 92.5) / 1.5)));
        Step(ref life, 2, 95, 96, 84, 86);
        Assert.That((life.ExitReason, life.ExitPrice), Is.EqualTo((ExitReason.StopLoss, 85.0)));
        // Loss at the stop after the add: q0·R·(1 + 0.5·0.5) = 18.75 on entry notional 146.25.
        var expected = (1.5 * (85 - 97.5) - F * (146.25 + 1.5 * 85)) / 146.25;
        Assert.That(life.ProfitPct, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void Long_GapBelowDca_FillsDcaAtOpen()
    {
        var life = Open(TradeSide.Long);
        Step(ref life, 1, 90, 95, 88, 94);
        Assert.That((life.DcaFillPrice, life.IsClosed), Is.EqualTo((90.0, false)));
    }

    [Test]
    public void Long_Tp1ThenBreakeven_StopMovesFromNextCandle()
    {
        var life = Open(TradeSide.Long);
        var ev = Step(ref life, 1, 101, 116, 99.5, 110);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.Tp1Hit));
        // The low 99.5 is below the new stop 100 but the new stop is first checked on the next candle.
        Assert.That((life.IsClosed, life.Stop, life.Tp1ExitPrice, life.HeldQuantity), Is.EqualTo((false, 100.0, 115.0, 0.5)));
        Step(ref life, 2, 105, 106, 99, 100);
        Assert.That((life.ExitReason, life.ExitPrice, life.Tp1Hit), Is.EqualTo((ExitReason.Breakeven, 107.5, true)));
        Assert.That(life.ProfitPct, Is.EqualTo((0.5 * 15 + 0.5 * 0 - F * (100 + 107.5)) / 100).Within(1e-15));
    }

    [Test]
    public void Long_Tp1AndTp2InOneCandle_ClosesHalfAtEach()
    {
        var life = Open(TradeSide.Long);
        var ev = Step(ref life, 1, 101, 131, 100, 129);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.Tp1Hit | LifecycleEvents.Closed));
        Assert.That((life.ExitReason, life.ExitPrice, life.Tp1Hit), Is.EqualTo((ExitReason.TakeProfit2, 122.5, true)));
    }

    [Test]
    public void Long_GapThroughStop_ClosesAllAtOpenBeforeDca()
    {
        var life = Open(TradeSide.Long);
        Step(ref life, 1, 80, 90, 75, 88);
        Assert.That((life.ExitReason, life.ExitPrice, life.DcaCount), Is.EqualTo((ExitReason.StopLoss, 80.0, 0)));
    }

    [Test]
    public void Long_GapThroughTp2_ClosesAllAtOpenAndCountsTp1()
    {
        var life = Open(TradeSide.Long);
        var ev = Step(ref life, 1, 135, 140, 120, 138);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.Tp1Hit | LifecycleEvents.Closed));
        Assert.That((life.ExitReason, life.ExitPrice, life.Tp1Hit), Is.EqualTo((ExitReason.TakeProfit2, 135.0, true)));
    }

    [Test]
    public void Long_GapThroughTp1_ClosesHalfAtOpen()
    {
        var life = Open(TradeSide.Long);
        Step(ref life, 1, 117, 120, 110, 118);
        Assert.That((life.Tp1ExitPrice, life.IsClosed, life.Stop), Is.EqualTo((117.0, false, 100.0)));
    }

    [Test]
    public void Long_CandleTouchingStopAndTp1_AdverseFirst()
    {
        var life = Open(TradeSide.Long);
        var ev = Step(ref life, 1, 100, 120, 80, 110);
        Assert.That(ev, Is.EqualTo(LifecycleEvents.DcaFilled | LifecycleEvents.Closed));
        Assert.That((life.ExitReason, life.ExitPrice, life.Tp1Hit), Is.EqualTo((ExitReason.StopLoss, 85.0, false)));
    }

    [Test]
    public void Long_Timeout_ClosesAtCloseOfCandle48()
    {
        var life = Open(TradeSide.Long);
        for (var k = 1; k < 48; k++)
        {
            Step(ref life, k, 100, 101, 99, 100.5);
        }
        Assert.That(life.IsClosed, Is.False);
        Step(ref life, 48, 100, 101, 99, 100.75);
        Assert.That((life.ExitReason, life.ExitPrice, life.ExitTimeMs), Is.EqualTo((ExitReason.Timeout, 100.75, 48L)));
    }

    [Test]
    public void Long_EndOfData_ClosesAtLastClose()
    {
        var life = Open(TradeSide.Long);
        Step(ref life, 1, 100, 101, 99, 100.5);
        life.CloseAtEndOfData(1, 100.5);
        Assert.That((life.ExitReason, life.ExitPrice), Is.EqualTo((ExitReason.EndOfData, 100.5)));
        Assert.That(life.ProfitPct, Is.EqualTo((0.5 - F * 200.5) / 100).Within(1e-15));
    }

    [Test]
    public void Short_Tp1ThenBreakeven_Mirrors()
    {
        var life = Open(TradeSide.Short);
        Step(ref life, 1, 99, 100.5, 84, 90);
        Assert.That((life.Tp1ExitPrice, life.Stop, life.IsClosed), Is.EqualTo((85.0, 100.0, false)));
        Step(ref life, 2, 95, 101, 94, 100);
        Assert.That((life.ExitReason, life.ExitPrice), Is.EqualTo((ExitReason.Breakeven, 92.5)));
        Assert.That(life.ProfitPct, Is.EqualTo((0.5 * 15 - F * (100 + 92.5)) / 100).Within(1e-15));
    }

    [Test]
    public void Short_DcaThenStop_Mirrors()
    {
        var life = Open(TradeSide.Short);
        Step(ref life, 1, 101, 116, 100, 110);
        Assert.That((life.DcaFillPrice, life.ExitReason, life.ExitPrice), Is.EqualTo((107.5, ExitReason.StopLoss, 115.0)));
        var expected = (-1.5 * (115 - (100 + 0.5 * 107.5) / 1.5) - F * (153.75 + 1.5 * 115)) / 153.75;
        Assert.That(life.ProfitPct, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void Short_GapThroughStopAndTp2_Mirror()
    {
        var stop = Open(TradeSide.Short);
        Step(ref stop, 1, 120, 125, 118, 121);
        Assert.That((stop.ExitReason, stop.ExitPrice), Is.EqualTo((ExitReason.StopLoss, 120.0)));
        var tp2 = Open(TradeSide.Short);
        Step(ref tp2, 1, 65, 68, 60, 66);
        Assert.That((tp2.ExitReason, tp2.ExitPrice, tp2.Tp1Hit), Is.EqualTo((ExitReason.TakeProfit2, 65.0, true)));
    }

    [Test]
    public void Restore_AfterDcaAndTp1_ContinuesLikeTheOriginal()
    {
        var original = Open(TradeSide.Long);
        Step(ref original, 1, 99, 101, 90, 95);
        Step(ref original, 2, 95, 116, 94, 110);
        var restored = SignalLifecycle.Restore(original.Levels, Defaults, original.DcaFillPrice, original.Tp1ExitPrice, original.CandlesSeen);
        Assert.That((restored.Stop, restored.HeldQuantity, restored.AverageEntry), Is.EqualTo((original.Stop, original.HeldQuantity, original.AverageEntry)));
        Step(ref original, 3, 105, 106, 90, 95);
        Step(ref restored, 3, 105, 106, 90, 95);
        Assert.That((restored.ExitReason, restored.ExitPrice, restored.ProfitPct), Is.EqualTo((original.ExitReason, original.ExitPrice, original.ProfitPct)));
    }
}
