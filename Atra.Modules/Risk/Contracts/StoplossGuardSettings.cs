namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// freqtrade's StoplossGuard: after <see cref="TradeLimit"/> stop-loss exits within <see cref="Lookback"/>, no new
/// signal for <see cref="LockDuration"/> (for every symbol, or only the one that stopped out).
/// </summary>
public sealed class StoplossGuardSettings
{
    public bool Enabled { get; set; }

    public int TradeLimit { get; set; } = 4;

    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromHours(6);

    public bool OnlyPerSymbol { get; set; }
}
