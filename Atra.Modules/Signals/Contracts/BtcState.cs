namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// What the BTC filter reads: the trend and <c>momentum_1h</c> of the BTCUSDT candle with the same open time (else the
/// latest before). <see cref="Momentum1h"/> is NaN when undefined.
/// </summary>
public readonly record struct BtcState(BtcTrend Trend, double Momentum1h)
{
    public static readonly BtcState Unknown = new(BtcTrend.Unknown, double.NaN);

    /// <summary><c>bullish</c>: close and ema7 above ema25; <c>bearish</c>: both below; <c>unknown</c> while ema25 is undefined.</summary>
    public static BtcState From(double close, double ema7, double ema25, double momentum1h)
    {
        if (double.IsNaN(ema25) || double.IsNaN(ema7))
        {
            return new BtcState(BtcTrend.Unknown, momentum1h);
        }
        var trend = close > ema25 && ema7 > ema25 ? BtcTrend.Bullish
            : close < ema25 && ema7 < ema25 ? BtcTrend.Bearish
            : BtcTrend.Neutral;
        return new BtcState(trend, momentum1h);
    }
}
