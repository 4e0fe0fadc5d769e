namespace Atra.Modules.Risk.Contracts;

/// <summary>
/// The price levels of one signal (STRATEGY.md "Levels"). <see cref="Dca"/> is NaN when DCA is off.
/// <see cref="Sl"/>, <see cref="Tp1"/> and <see cref="Tp2"/> never change after the signal; only the live stop moves.
/// </summary>
public readonly record struct SignalLevels(TradeSide Side, double Entry, double Sl, double Tp1, double Tp2, double Dca)
{
    /// <summary>The distance from entry to the stop loss (always positive).</summary>
    public double R => Math.Abs(Entry - Sl);

    public bool HasDca => !double.IsNaN(Dca);

    /// <summary>
    /// Levels from the entry close and the ATR at the signal candle: <c>sl = entry − k_sl·atr</c>, <c>R = entry − sl</c>,
    /// <c>tp1 = entry + k1·R</c>, <c>tp2 = entry + k2·R</c>, <c>dca = entry − k_dca·R</c> (long; every sign mirrored for a short).
    /// Null when the ATR is undefined or not positive: no level can be placed.
    /// </summary>
    public static SignalLevels? Compute(TradeSide side, double entry, double atr, RiskSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(atr > 0) || !(entry > 0) || double.IsInfinity(atr))
        {
            return null;
        }
        var d = (double)(int)side;
        var sl = entry - d * settings.StopLossAtr * atr;
        var r = (entry - sl) * d;
        var tp1 = entry + d * settings.Tp1R * r;
        var tp2 = entry + d * settings.Tp2R * r;
        var dca = settings.DcaEnabled ? entry - d * settings.DcaR * r : double.NaN;
        return new SignalLevels(side, entry, sl, tp1, tp2, dca);
    }
}
