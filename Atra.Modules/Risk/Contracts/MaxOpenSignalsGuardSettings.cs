namespace Atra.Modules.Risk.Contracts;

/// <summary>freqtrade's max_open_trades: no new signal while <see cref="Limit"/> signals are open across all symbols.</summary>
public sealed class MaxOpenSignalsGuardSettings
{
    public bool Enabled { get; set; }

    public int Limit { get; set; } = 10;
}
