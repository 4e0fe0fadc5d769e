namespace Atra.Modules.Risk.Contracts;

/// <summary>The <c>Risk:Guards</c> section: one block per guard, each off unless <c>Enabled</c>.</summary>
public sealed class GuardSettings
{
    public StoplossGuardSettings StoplossGuard { get; set; } = new();

    public CooldownGuardSettings Cooldown { get; set; } = new();

    public MaxOpenSignalsGuardSettings MaxOpenSignals { get; set; } = new();

    /// <summary>True when a guard couples symbols, so a backtest must replay all symbols in one time order.</summary>
    public bool AnyCrossSymbol => StoplossGuard.Enabled && !StoplossGuard.OnlyPerSymbol || MaxOpenSignals.Enabled;

    public bool AnyEnabled => StoplossGuard.Enabled || Cooldown.Enabled || MaxOpenSignals.Enabled;
}
