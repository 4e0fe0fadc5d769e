namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// The last values of one column as a contiguous span (what <c>SignalContext</c> reads). Appends are O(1) amortised:
/// when the array fills, the newest <c>keep</c> values move to the front.
/// </summary>
internal sealed class RollingSeries(int keep)
{
    private readonly double[] _values = new double[Math.Max(1024, keep * 8)];
    private int _count;

    public void Append(double value)
    {
        if (_count == _values.Length)
        {
            Array.Copy(_values, _count - keep, _values, 0, keep);
            _count = keep;
        }
        _values[_count++] = value;
    }

    public ReadOnlySpan<double> Span => _values.AsSpan(0, _count);
}
