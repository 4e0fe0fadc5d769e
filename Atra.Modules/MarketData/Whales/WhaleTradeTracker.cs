using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Whales;

/// <summary>
/// The last <c>Market:WhaleWindow</c> (15 min) of aggregated trades per symbol, as signed notionals, and the whale
/// impact of STRATEGY.md over them. Trades older than the window are dropped as new ones arrive (not only when the
/// impact is read, which a symbol never scanned would never do), and each symbol keeps at most
/// <c>Market:WhaleMaxTradesPerSymbol</c>, so memory stays flat however long the feed runs.
/// </summary>
internal sealed class WhaleTradeTracker(IOptions<MarketOptions> options, TimeProvider clock) : IWhaleFeed
{
    private readonly ConcurrentDictionary<string, TradeWindow> _windows = new(StringComparer.Ordinal);
    private readonly long _windowMs = (long)options.Value.WhaleWindow.TotalMilliseconds;
    private readonly double _minWhale = options.Value.WhaleMinNotional;
    private readonly int _maxTrades = options.Value.WhaleMaxTradesPerSymbol;

    /// <summary>Trades held for one symbol now (for the soak benchmark and tests).</summary>
    internal int Held(string symbol)
    {
        if (!_windows.TryGetValue(symbol, out var w))
        {
            return 0;
        }
        lock (w)
        {
            return w.Trades.Count;
        }
    }

    public void Record(string symbol, long timeMs, double notional, bool buy)
    {
        if (!(notional > 0) || string.IsNullOrEmpty(symbol))
        {
            return;
        }
        var w = _windows.GetOrAdd(symbol, _ => new TradeWindow());
        lock (w)
        {
            w.Trades.Enqueue(new Trade(timeMs, buy ? notional : -notional));
            // Trades arrive in time order: what fell out of the window at this trade's time is gone for good.
            var from = Math.Max(timeMs, clock.GetUtcNow().ToUnixTimeMilliseconds()) - _windowMs;
            while (w.Trades.Count > 0 && (w.Trades.Count > _maxTrades || w.Trades.Peek().TimeMs < from))
            {
                w.Trades.Dequeue();
            }
            w.Peak = Math.Max(w.Peak, w.Trades.Count);
            if (w.Peak > 1024 && w.Trades.Count < w.Peak / 4)
            {
                // A burst grew the queue's array: give it back once the burst has left the window.
                w.Trades.TrimExcess();
                w.Peak = w.Trades.Count;
            }
        }
    }

    public double WhaleImpact(string symbol)
    {
        if (!_windows.TryGetValue(symbol, out var w))
        {
            return 0;
        }
        Trade[] trades;
        lock (w)
        {
            var from = clock.GetUtcNow().ToUnixTimeMilliseconds() - _windowMs;
            while (w.Trades.Count > 0 && w.Trades.Peek().TimeMs < from)
            {
                w.Trades.Dequeue();
            }
            // Feeds deliver trades in time order, but a late one must not count beyond the window either.
            trades = [.. w.Trades.Where(t => t.TimeMs >= from)];
        }
        if (trades.Length == 0)
        {
            return 0;
        }
        var sizes = new double[trades.Length];
        for (var i = 0; i < trades.Length; i++)
        {
            sizes[i] = Math.Abs(trades[i].SignedNotional);
        }
        Array.Sort(sizes);
        var whale = Math.Max(_minWhale, Percentile(sizes, 0.999));
        double net = 0, total = 0;
        foreach (var t in trades)
        {
            var size = Math.Abs(t.SignedNotional);
            if (size >= whale)
            {
                net += t.SignedNotional;
                total += size;
            }
        }
        return total > 0 ? Math.Clamp(net / total, -1, 1) : 0;
    }

    /// <summary>Linear interpolation between closest ranks of sorted values.</summary>
    internal static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private readonly record struct Trade(long TimeMs, double SignedNotional);

    private sealed class TradeWindow
    {
        public Queue<Trade> Trades { get; } = new();

        /// <summary>The largest count since the queue was last trimmed.</summary>
        public int Peak { get; set; }
    }
}
