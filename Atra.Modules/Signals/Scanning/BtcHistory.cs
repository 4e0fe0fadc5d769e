using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Scanning;

/// <summary>BTC's state for its recent candles, looked up by "same open time, else the latest before".</summary>
internal sealed class BtcHistory
{
    private const int Capacity = 1024;
    private readonly long[] _times = new long[Capacity];
    private readonly BtcState[] _states = new BtcState[Capacity];
    private long _count;

    public long LastTimeMs => _count == 0 ? long.MinValue : _times[(_count - 1) % Capacity];

    public bool Any => _count > 0;

    public void Add(long openTimeMs, BtcState state)
    {
        _times[_count % Capacity] = openTimeMs;
        _states[_count % Capacity] = state;
        _count++;
    }

    public BtcState At(long openTimeMs)
    {
        var oldest = Math.Max(0, _count - Capacity);
        for (var k = _count - 1; k >= oldest; k--)
        {
            if (_times[k % Capacity] <= openTimeMs)
            {
                return _states[k % Capacity];
            }
        }
        return BtcState.Unknown;
    }
}
