using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

/// <summary>freqtrade's CooldownPeriod: a symbol gets no new signal until <c>Duration</c> after its last one closed.</summary>
internal sealed class CooldownGuard(CooldownGuardSettings settings) : ISignalGuard
{
    public string Name => "Cooldown";

    public bool CrossSymbol => false;

    public GuardVerdict Check(string symbol, long timeMs, GuardHistory history)
    {
        var closed = history.Closed;
        for (var k = closed.Count - 1; k >= 0; k--)
        {
            if (closed[k].Symbol != symbol || closed[k].ExitTimeMs > timeMs)
            {
                continue;
            }
            var until = closed[k].ExitTimeMs + (long)settings.Duration.TotalMilliseconds;
            return timeMs < until
                ? new GuardVerdict(false, Name, $"{symbol} cools down until {DateTimeOffset.FromUnixTimeMilliseconds(until):u}")
                : GuardVerdict.Allow;
        }
        return GuardVerdict.Allow;
    }
}
