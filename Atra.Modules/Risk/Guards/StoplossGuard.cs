using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

/// <summary>
/// freqtrade's StoplossGuard: when <c>TradeLimit</c> stop-loss exits fall within <c>Lookback</c> of each other,
/// new signals stop until <c>LockDuration</c> after the last of them (for every symbol, or per symbol).
/// </summary>
internal sealed class StoplossGuard(StoplossGuardSettings settings) : ISignalGuard
{
    public string Name => "StoplossGuard";

    public bool CrossSymbol => !settings.OnlyPerSymbol;

    public GuardVerdict Check(string symbol, long timeMs, GuardHistory history)
    {
        var lookback = (long)settings.Lookback.TotalMilliseconds;
        var lockMs = (long)settings.LockDuration.TotalMilliseconds;
        var closed = history.Closed;
        // Walk back over stop-loss exits that could still lock: the lock ends lockMs after the triggering exit.
        var count = 0;
        long newest = 0;
        for (var k = closed.Count - 1; k >= 0; k--)
        {
            var c = closed[k];
            if (c.ExitTimeMs > timeMs || c.Reason != ExitReason.StopLoss || (settings.OnlyPerSymbol && c.Symbol != symbol))
            {
                continue;
            }
            if (count == 0)
            {
                newest = c.ExitTimeMs;
                if (timeMs >= newest + lockMs)
                {
                    return GuardVerdict.Allow;
                }
            }
            if (c.ExitTimeMs <= newest - lookback)
            {
                break;
            }
            count++;
            if (count >= settings.TradeLimit)
            {
                return new GuardVerdict(false, Name, $"{count} stop losses within {settings.Lookback}; locked until {DateTimeOffset.FromUnixTimeMilliseconds(newest + lockMs):u}");
            }
        }
        return GuardVerdict.Allow;
    }
}
