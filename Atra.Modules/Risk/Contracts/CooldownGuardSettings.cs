namespace Atra.Modules.Risk.Contracts;

/// <summary>freqtrade's CooldownPeriod: no new signal on a symbol for <see cref="Duration"/> after its last one closed.</summary>
public sealed class CooldownGuardSettings
{
    public bool Enabled { get; set; }

    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(4);
}
