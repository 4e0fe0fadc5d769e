using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

internal sealed class SignalGuardBook(IReadOnlyList<ISignalGuard> guards) : ISignalGuardBook
{
    private readonly GuardHistory _history = new();

    public bool AnyEnabled => guards.Count > 0;

    public bool CrossSymbol
    {
        get
        {
            foreach (var g in guards)
            {
                if (g.CrossSymbol)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public GuardVerdict Check(string symbol, long timeMs)
    {
        foreach (var guard in guards)
        {
            var verdict = guard.Check(symbol, timeMs, _history);
            if (!verdict.Allowed)
            {
                return verdict;
            }
        }
        return GuardVerdict.Allow;
    }

    public void RecordOpened(string symbol, long timeMs)
    {
        if (guards.Count > 0)
        {
            _history.Opened(symbol);
        }
    }

    public void RecordClosed(string symbol, long exitTimeMs, ExitReason reason, double profitPct)
    {
        if (guards.Count > 0)
        {
            _history.Closing(new ClosedSignalRecord(symbol, exitTimeMs, reason, profitPct));
        }
    }
}
