namespace Atra.Modules.Indicators.VolumeRatio;

/// <summary>The whole-series form of <see cref="VolumeRatioState"/>.</summary>
internal static class VolumeRatioSeries
{
    public static void Compute(ReadOnlySpan<double> volume, int period, Span<double> output)
    {
        var state = new VolumeRatioState(period);
        for (var i = 0; i < volume.Length; i++)
        {
            output[i] = state.Update(volume[i], i >= period - 1 ? volume[i - (period - 1)] : 0.0);
        }
    }
}
