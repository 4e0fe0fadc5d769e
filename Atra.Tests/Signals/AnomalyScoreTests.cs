using Atra.Modules.Signals.Strategy;

namespace Atra.Tests.Signals;

public sealed class AnomalyScoreTests
{
    [Test]
    public void Compute_KnownWindow_RobustZOfReturnAndVolume()
    {
        // 102 candles: closes alternate ±1 % returns, volumes 10 or 12; candle i has a 5 % return and volume 40.
        var n = 102;
        var close = new double[n];
        var volume = new double[n];
        close[0] = 100;
        volume[0] = 10;
        for (var k = 1; k < n - 1; k++)
        {
            close[k] = close[k - 1] * (k % 2 == 0 ? 1.01 : 0.99);
            volume[k] = k % 2 == 0 ? 10 : 12;
        }
        close[n - 1] = close[n - 2] * 1.05;
        volume[n - 1] = 40;
        var score = AnomalyScore.Compute(close, volume, n - 1, 100, 1.4826);
        // Returns: 50 of +1 %, 50 of −1 % → median 0, MAD 0.01 → z = 0.05 / 0.014826. Volumes: median 11, MAD 1 → z = 29 / 1.4826.
        var zReturn = 0.05 / (1.4826 * 0.01);
        var zVolume = 29 / 1.4826;
        Assert.That(score, Is.EqualTo(Math.Max(zReturn, zVolume)).Within(1e-9));
    }

    [Test]
    public void Compute_FewerThan100EarlierCandles_Undefined()
    {
        var close = Enumerable.Range(1, 100).Select(x => (double)x).ToArray();
        Assert.That(double.IsNaN(AnomalyScore.Compute(close, close, 99, 100, 1.4826)), Is.True);
    }

    [Test]
    public void Compute_ZeroMad_CountsAsZero()
    {
        var flat = Enumerable.Repeat(100.0, 102).ToArray();
        Assert.That(AnomalyScore.Compute(flat, flat, 101, 100, 1.4826), Is.EqualTo(0));
    }
}
