namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// Candles of one symbol and interval as columns (struct of arrays), in open-time order: the shape the
/// whole-series indicators and the backtest loop read without copying.
/// </summary>
public sealed class CandleSeries
{
    public CandleSeries(string symbol, string interval, long[] openTimeMs, double[] open, double[] high, double[] low, double[] close, double[] volume, int count)
    {
        Symbol = symbol;
        Interval = interval;
        OpenTimeMs = openTimeMs;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
        Count = count;
    }

    public string Symbol { get; }

    public string Interval { get; }

    /// <summary>Rows in use; the arrays may be longer (presized).</summary>
    public int Count { get; }

    public long[] OpenTimeMs { get; }

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    public double[] Volume { get; }

    public Candle this[int index] => new(OpenTimeMs[index], Open[index], High[index], Low[index], Close[index], Volume[index]);

    public static CandleSeries FromCandles(string symbol, string interval, IReadOnlyList<Candle> candles)
    {
        var n = candles.Count;
        var t = new long[n];
        var o = new double[n];
        var h = new double[n];
        var l = new double[n];
        var c = new double[n];
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var k = candles[i];
            t[i] = k.OpenTimeMs;
            o[i] = k.Open;
            h[i] = k.High;
            l[i] = k.Low;
            c[i] = k.Close;
            v[i] = k.Volume;
        }
        return new CandleSeries(symbol, interval, t, o, h, l, c, v, n);
    }
}
