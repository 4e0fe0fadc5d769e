namespace Atra.Modules.Risk.Contracts;

// A mutable value on the per-candle hot path of backtests: public read-only state, no allocation.
#pragma warning disable CA1815

/// <summary>
/// THE lifecycle of STRATEGY.md, once, for live tracking and backtests alike: pure code, no I/O, no allocation.
/// The signal is filled at <c>entry</c> at the close of its candle; every later candle goes through <see cref="Step"/>
/// in time order. Quantities are in units of the initial quantity (1), which is all <c>profit_pct</c> needs; a
/// user's quantities scale linearly.
/// </summary>
public struct SignalLifecycle
{
    private double _feeRate;
    private double _tp1Fraction;
    private double _dcaFraction;
    private int _timeoutCandles;

    public SignalLevels Levels { get; private set; }

    /// <summary>The stop in force for the next candle: <c>sl</c>, then the average entry after TP1.</summary>
    public double Stop { get; private set; }

    public bool Tp1Hit { get; private set; }

    public bool DcaPending { get; private set; }

    public int DcaCount { get; private set; }

    /// <summary>Candles processed after the signal candle.</summary>
    public int CandlesSeen { get; private set; }

    public bool IsClosed { get; private set; }

    public ExitReason ExitReason { get; private set; }

    /// <summary>Open time of the candle in which the last quantity closed.</summary>
    public long ExitTimeMs { get; private set; }

    /// <summary>Price of the TP1 partial exit (tp1, or the open on a gap); NaN before TP1.</summary>
    public double Tp1ExitPrice { get; private set; }

    /// <summary>Price the DCA add filled at (dca, or the open on a gap); NaN when it has not filled.</summary>
    public double DcaFillPrice { get; private set; }

    /// <summary>Price of the last exit (everything left closed there); NaN while open.</summary>
    public double FinalExitPrice { get; private set; }

    public double EntryQuantity { get; private set; }

    /// <summary>Σ q·p over the entries.</summary>
    public double EntryNotional { get; private set; }

    public double HeldQuantity { get; private set; }

    public double ExitQuantity { get; private set; }

    /// <summary>Σ q·p over the exits.</summary>
    public double ExitNotional { get; private set; }

    public readonly double AverageEntry => EntryNotional / EntryQuantity;

    /// <summary>Quantity-weighted mean of all exits; NaN before any exit.</summary>
    public readonly double ExitPrice => ExitQuantity > 0 ? ExitNotional / ExitQuantity : double.NaN;

    /// <summary>
    /// <c>(Σ_exits q·(p_exit − avg_entry)·d − f·(Σ_entries q·p + Σ_exits q·p)) / Σ_entries q·p</c>: a fraction,
    /// unleveraged, fees on both sides. Meaningful once closed.
    /// </summary>
    public readonly double ProfitPct
    {
        get
        {
            var d = (double)(int)Levels.Side;
            var gross = d * (ExitNotional - AverageEntry * ExitQuantity);
            return (gross - _feeRate * (EntryNotional + ExitNotional)) / EntryNotional;
        }
    }

    public static SignalLifecycle Open(in SignalLevels levels, RiskSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SignalLifecycle
        {
            _feeRate = settings.FeeRate,
            _tp1Fraction = settings.Tp1CloseFraction,
            _dcaFraction = settings.DcaQuantityFraction,
            _timeoutCandles = settings.TimeoutCandles,
            Levels = levels,
            Stop = levels.Sl,
            DcaPending = levels.HasDca,
            EntryQuantity = 1,
            EntryNotional = levels.Entry,
            HeldQuantity = 1,
            Tp1ExitPrice = double.NaN,
            DcaFillPrice = double.NaN,
            FinalExitPrice = double.NaN,
        };
    }

    /// <summary>
    /// Rebuilds an open signal's state from what the signal store keeps (after a restart): the DCA fill price
    /// (NaN if none), the TP1 exit price (NaN if none) and the candles processed so far.
    /// </summary>
    public static SignalLifecycle Restore(in SignalLevels levels, RiskSettings settings, double dcaFillPrice, double tp1ExitPrice, int candlesSeen)
    {
        var s = Open(levels, settings);
        if (!double.IsNaN(dcaFillPrice))
        {
            s.FillDca(dcaFillPrice);
        }
        if (!double.IsNaN(tp1ExitPrice))
        {
            s.TakeTp1(tp1ExitPrice);
            s.Stop = s.AverageEntry;
        }
        s.CandlesSeen = candlesSeen;
        return s;
    }

    /// <summary>One later candle, in the order of STRATEGY.md "Lifecycle" steps 1–5.</summary>
    public LifecycleEvents Step(long openTimeMs, double open, double high, double low, double close)
    {
        if (IsClosed)
        {
            return LifecycleEvents.None;
        }
        CandlesSeen++;
        var events = LifecycleEvents.None;
        var d = (double)(int)Levels.Side;
        // Work in "long space": multiplying prices by d turns every short comparison into the long one.
        var stop = Stop * d;
        var tp1 = Levels.Tp1 * d;
        var tp2 = Levels.Tp2 * d;
        var o = open * d;
        var favourable = (Levels.Side == TradeSide.Long ? high : low) * d;
        var adverse = (Levels.Side == TradeSide.Long ? low : high) * d;

        // 1. Gaps at the open.
        if (o <= stop)
        {
            return CloseAll(open, openTimeMs, Tp1Hit ? ExitReason.Breakeven : ExitReason.StopLoss, events);
        }
        if (o >= tp2)
        {
            if (!Tp1Hit)
            {
                Tp1Hit = true;
                events |= LifecycleEvents.Tp1Hit;
            }
            return CloseAll(open, openTimeMs, ExitReason.TakeProfit2, events);
        }
        if (!Tp1Hit && o >= tp1)
        {
            TakeTp1(open);
            events |= LifecycleEvents.Tp1Hit;
        }

        // 2. Adverse moves first: the DCA add, then the stop in force at the start of this candle.
        if (DcaPending && !Tp1Hit && adverse <= Levels.Dca * d)
        {
            FillDca(o < Levels.Dca * d ? open : Levels.Dca);
            events |= LifecycleEvents.DcaFilled;
        }
        if (adverse <= stop)
        {
            return CloseAll(Stop, openTimeMs, Tp1Hit ? ExitReason.Breakeven : ExitReason.StopLoss, events);
        }

        // 3. Then favourable moves.
        if (!Tp1Hit && favourable >= tp1)
        {
            TakeTp1(Levels.Tp1);
            events |= LifecycleEvents.Tp1Hit;
        }
        if (favourable >= tp2)
        {
            return CloseAll(Levels.Tp2, openTimeMs, ExitReason.TakeProfit2, events);
        }

        // 4. After TP1 the stop moves to the average entry, checked from the next candle on.
        if (Tp1Hit)
        {
            Stop = AverageEntry;
        }

        // 5. Timeout at the close of candle i + TimeoutCandles.
        if (CandlesSeen >= _timeoutCandles)
        {
            return CloseAll(close, openTimeMs, ExitReason.Timeout, events);
        }
        return events;
    }

    /// <summary>6. End of data (backtests): whatever is still open closes at the last close.</summary>
    public void CloseAtEndOfData(long lastOpenTimeMs, double lastClose)
    {
        if (!IsClosed)
        {
            CloseAll(lastClose, lastOpenTimeMs, ExitReason.EndOfData, LifecycleEvents.None);
        }
    }

    private void TakeTp1(double price)
    {
        var q = HeldQuantity * _tp1Fraction;
        HeldQuantity -= q;
        ExitQuantity += q;
        ExitNotional += q * price;
        Tp1Hit = true;
        Tp1ExitPrice = price;
    }

    private void FillDca(double price)
    {
        var q = _dcaFraction;
        EntryQuantity += q;
        EntryNotional += q * price;
        HeldQuantity += q;
        DcaPending = false;
        DcaCount++;
        DcaFillPrice = price;
    }

    private LifecycleEvents CloseAll(double price, long openTimeMs, ExitReason reason, LifecycleEvents events)
    {
        ExitQuantity += HeldQuantity;
        ExitNotional += HeldQuantity * price;
        HeldQuantity = 0;
        DcaPending = false;
        IsClosed = true;
        FinalExitPrice = price;
        ExitReason = reason;
        ExitTimeMs = openTimeMs;
        return events | LifecycleEvents.Closed;
    }
}
