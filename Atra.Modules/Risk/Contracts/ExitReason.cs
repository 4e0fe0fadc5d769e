namespace Atra.Modules.Risk.Contracts;

/// <summary>Why a signal closed (STRATEGY.md "Lifecycle").</summary>
public enum ExitReason
{
    None = 0,

    /// <summary>The stop was hit before TP1.</summary>
    StopLoss,

    /// <summary>The stop was hit after TP1 (normally the breakeven stop).</summary>
    Breakeven,

    TakeProfit2,

    /// <summary>Still open at the close of candle <c>i + TimeoutCandles</c>.</summary>
    Timeout,

    /// <summary>Backtests: still open at the last candle.</summary>
    EndOfData,
}
