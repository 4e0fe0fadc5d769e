using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

/// <summary>freqtrade's max_open_trades: no new signal while <c>Limit</c> signals are open across all symbols.</summary>
internal sealed class MaxOpenSignalsGuard(MaxOpenSignalsGuardSettings settings) : ISignalGuard
{
    public string Name => "MaxOpenSignals";

    public bool CrossSymbol => true;

    public GuardVerdict Check(string symbol, long timeMs, GuardHistory history) =>
        history.OpenCount >= settings.Limit
            ? new GuardVerdict(false, Name, $"{history.OpenCount} signals are open (limit {settings.Limit})")
            : GuardVerdict.Allow;
}
