using Atra.Modules.Risk.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Risk.Guards;

internal sealed class SignalGuardBookFactory(IOptions<RiskSettings> options) : ISignalGuardBookFactory
{
    public ISignalGuardBook Create() => Create(options.Value.Guards);

    public static SignalGuardBook Create(GuardSettings settings)
    {
        var guards = new List<ISignalGuard>();
        if (settings.StoplossGuard.Enabled)
        {
            guards.Add(new StoplossGuard(settings.StoplossGuard));
        }
        if (settings.Cooldown.Enabled)
        {
            guards.Add(new CooldownGuard(settings.Cooldown));
        }
        if (settings.MaxOpenSignals.Enabled)
        {
            guards.Add(new MaxOpenSignalsGuard(settings.MaxOpenSignals));
        }
        return new SignalGuardBook(guards);
    }
}
