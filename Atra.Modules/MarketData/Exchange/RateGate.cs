namespace Atra.Modules.MarketData.Exchange;

/// <summary>
/// One exchange's request budget. It tracks the used weight the exchange reports (Binance's
/// <c>X-MBX-USED-WEIGHT-1M</c>, a per-minute window that resets on the minute) and waits for the next minute
/// before a request would pass the safety share of the limit; it waits out a 429's Retry-After; and after a 418
/// (an IP ban for ignoring 429s) it refuses every request until the ban ends instead of prolonging it.
/// </summary>
internal sealed class RateGate(string exchange, int weightLimit, double safetyFraction, TimeProvider clock, ExchangeStatusTracker status)
{
    private readonly Lock _lock = new();
    private int _used;
    private long _windowMinute = -1;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _bannedUntil;
    private int _weightWaits;

    public string Exchange => exchange;

    public int WeightLimit => weightLimit;

    /// <summary>How often a request waited for the next minute because the used weight neared the limit.</summary>
    public int WeightWaits => Volatile.Read(ref _weightWaits);

    public DateTimeOffset BannedUntil
    {
        get
        {
            lock (_lock)
            {
                return _bannedUntil;
            }
        }
    }

    /// <summary>Waits until a request of <paramref name="weight"/> may go out and reserves its weight.</summary>
    public async Task WaitAsync(int weight, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            var weightWait = -1L;
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                if (now < _bannedUntil)
                {
                    throw new ExchangeException(exchange, $"requests stopped until {_bannedUntil:u}: the exchange banned this IP (HTTP 418)", 418);
                }
                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else
                {
                    var minute = now.ToUnixTimeMilliseconds() / 60_000;
                    if (minute != _windowMinute)
                    {
                        _windowMinute = minute;
                        _used = 0;
                    }
                    if (weightLimit <= 0 || _used + weight <= weightLimit * safetyFraction)
                    {
                        _used += weight;
                        return;
                    }
                    // The window is a calendar minute on the exchange: wait for the next one (plus a margin for clock skew).
                    wait = DateTimeOffset.FromUnixTimeMilliseconds((minute + 1) * 60_000) - now + TimeSpan.FromMilliseconds(50);
                    weightWait = minute;
                    _weightWaits++;
                }
            }
            if (weightWait >= 0)
            {
                status.Warning(exchange, $"used weight near the limit of {weightLimit}; waiting {wait.TotalSeconds:0.#} s for the next minute");
            }
            await Task.Delay(wait, clock, ct).ConfigureAwait(false);
            if (weightWait >= 0)
            {
                lock (_lock)
                {
                    // We waited into the next window; start it empty even if the clock is coarse.
                    if (_windowMinute == weightWait)
                    {
                        _windowMinute = weightWait + 1;
                        _used = 0;
                    }
                }
            }
        }
    }

    /// <summary>The used weight the exchange reported in a response.</summary>
    public void Observe(int usedWeight)
    {
        lock (_lock)
        {
            _windowMinute = clock.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
            _used = usedWeight;
        }
        status.Weight(exchange, usedWeight, weightLimit);
        MarketDataMetrics.UsedWeight.WithLabels(exchange).Set(usedWeight);
    }

    /// <summary>HTTP 429: no request until <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = clock.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>HTTP 418: the circuit is open until the ban ends.</summary>
    public void Ban(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = clock.GetUtcNow() + retryAfter;
            if (until > _bannedUntil)
            {
                _bannedUntil = until;
            }
        }
    }
}
