namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// The enabled risk guards with the history they judge by (one book per live scanner or backtest run; not
/// thread-safe). Times are candle open times in Unix ms.
/// </summary>
public interface ISignalGuardBook
{
    bool AnyEnabled { get; }

    /// <summary>True when a guard couples symbols (a backtest must then replay all symbols in one time order).</summary>
    bool CrossSymbol { get; }

    GuardVerdict Check(string symbol, long timeMs);

    void RecordOpened(string symbol, long timeMs);

    void RecordClosed(string symbol, long exitTimeMs, ExitReason reason, double profitPct);
}
