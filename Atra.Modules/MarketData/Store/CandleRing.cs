using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.MarketData.Store;

/// <summary>
/// A fixed-size ring of candle structs (48 bytes each) for one symbol and interval: appending never allocates,
/// the oldest candle falls out when full. Only strictly newer candles are appended, so duplicates and late
/// (out-of-order) candles are ignored by open time and re-delivery is harmless.
/// </summary>
internal sealed class CandleRing(int capacity)
{
    private readonly Candle[] _items = new Candle[capacity];
    private readonly Lock _lock = new();
    private int _start;
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public AppendResult Append(in Candle candle)
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                var last = _items[(_start + _count - 1) % _items.Length].OpenTimeMs;
                if (candle.OpenTimeMs == last)
                {
                    return AppendResult.Duplicate;
                }
                if (candle.OpenTimeMs < last)
                {
                    return AppendResult.OutOfOrder;
                }
            }
            if (_count < _items.Length)
            {
                _items[(_start + _count) % _items.Length] = candle;
                _count++;
            }
            else
            {
                _items[_start] = candle;
                _start = (_start + 1) % _items.Length;
            }
            return AppendResult.Appended;
        }
    }

    public bool TryGetLast(out Candle candle)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                candle = default;
                return false;
            }
            candle = _items[(_start + _count - 1) % _items.Length];
            return true;
        }
    }

    public Candle[] ToArray()
    {
        lock (_lock)
        {
            var copy = new Candle[_count];
            var firstPart = Math.Min(_count, _items.Length - _start);
            Array.Copy(_items, _start, copy, 0, firstPart);
            Array.Copy(_items, 0, copy, firstPart, _count - firstPart);
            return copy;
        }
    }
}
