using Atra.Modules.Shared.Coordination;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Telegram's limits as the sender sees them. Global: a permit per send, returned one window (1 s) after that send
/// has been answered, so no window ever holds more than <c>GlobalRatePerSecond</c> requests on Telegram's side,
/// whatever the network delay (Telegram counts a request somewhere between our start and its answer, so the answer
/// is the only safe end), so the rate is <c>GlobalRatePerSecond</c> / (1 s + round trip). On top, sends are spaced at
/// least half of 1/<c>GlobalRatePerSecond</c> s apart, so the allowance never leaves as one burst of concurrent
/// requests. Not a full 1/30 s cadence: the permits already come back that far apart, and a cadence that strict could
/// never catch up after a stall (a late timer, a busy CPU), so every hiccup would shift all later sends for good. Per chat: one request at a time, the next not before <c>PerChatInterval</c> after
/// the previous answer (<c>ChannelPostInterval</c> for a channel or group, whose limit is 20 posts a minute). A 429
/// pauses everything until its retry_after. With <c>PaidBroadcastDailyStars</c> set, a send that finds the free
/// permits taken goes out at once as a paid broadcast (<c>allow_paid_broadcast</c>, 0.1 Star) while the day's budget,
/// counted across instances, lasts, up to <c>PaidBroadcastRatePerSecond</c>; then the free rate again.
/// </summary>
internal sealed class SendRateLimiter : IDisposable
{
    // Timers may fire a few milliseconds early (Linux's coarse monotonic clock ticks every 1-4 ms) and a server that
    // takes requests together may stamp them out of order: 10 ms keep us clear of the edge, for 1% of the rate.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(10);

    private readonly SemaphoreSlim _global;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _perChat;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _chatReadyAt = [];
    private readonly HashSet<long> _chatBusy = [];
    private readonly TimeSpan _spacing;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    private readonly TimeSpan _perChannel;
    private readonly SemaphoreSlim? _paid;
    private readonly long _paidBudgetTenths;
    private readonly IDistributedCounter _counters;
    private DateOnly _paidExhaustedOn = DateOnly.MinValue;

    public SendRateLimiter(IOptions<TelegramOptions> options, IDistributedCounter counters, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new SemaphoreSlim(options.Value.GlobalRatePerSecond, options.Value.GlobalRatePerSecond);
        _perChat = options.Value.PerChatInterval;
        // The same margin as the window: exactly 60 s / 20 would let an early timer make a 21st post inside a minute.
        _perChannel = options.Value.ChannelPostInterval + (Window - TimeSpan.FromSeconds(1));
        _counters = counters;
        if (options.Value.PaidBroadcast)
        {
            _paid = new SemaphoreSlim(options.Value.PaidBroadcastRatePerSecond, options.Value.PaidBroadcastRatePerSecond);
            // Counted in tenths of a Star: one per paid message.
            _paidBudgetTenths = (long)Math.Floor(options.Value.PaidBroadcastDailyStars * 10m);
        }
        _spacing = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / options.Value.GlobalRatePerSecond / 2);
        _clock = clock;
    }

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>
    /// Takes a permit and keeps the minimum spacing from the previous send. True: the permit is a paid one (send with
    /// <c>allow_paid_broadcast</c>, give it back with <c>paid: true</c>).
    /// </summary>
    public async Task<bool> AcquireGlobalAsync(CancellationToken cancellationToken)
    {
        if (_paid is null)
        {
            await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!_global.Wait(0, CancellationToken.None))
        {
            if (await TryTakePaidAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
            await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        TimeSpan wait;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _spacing;
            wait = slot - now;
        }
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _global.Release();
                throw;
            }
        }
        return false;
    }

    /// <summary>A paid permit if the paid lane has room and today's budget (shared by every instance) is not spent.</summary>
    private async Task<bool> TryTakePaidAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        lock (_gate)
        {
            if (_paidExhaustedOn == today)
            {
                return false;
            }
        }
        if (!_paid!.Wait(0, CancellationToken.None))
        {
            return false;
        }
        long spent;
        try
        {
            // Kept a little past the day, so the counter of a day cannot vanish before the day is over.
            spent = await _counters.IncrementAsync("telegram:paid-broadcast:" + today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromHours(25), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The budget cannot be checked (Redis down): spend nothing, send at the free rate.
            _paid.Release();
            return false;
        }
        if (spent > _paidBudgetTenths)
        {
            lock (_gate)
            {
                _paidExhaustedOn = today;
            }
            _paid.Release();
            return false;
        }
        TelegramMetrics.PaidMessages.Inc();
        return true;
    }

    /// <summary>Gives a permit back at once: it was acquired but no request was made.</summary>
    public void ReturnUnused(bool paid = false) => Lane(paid).Release();

    /// <summary>Gives a permit back one window from now: call it when the request it covered was answered.</summary>
    public void ReleaseAfterWindow(bool paid = false)
    {
        var lane = Lane(paid);
        _ = Task.Delay(Window, _clock).ContinueWith(_ => lane.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private SemaphoreSlim Lane(bool paid) => paid ? _paid! : _global;

    /// <summary>Marks the chat busy if it may receive a request now.</summary>
    public bool TryBeginChat(long chatId)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (_chatBusy.Contains(chatId) || (_chatReadyAt.TryGetValue(chatId, out var ready) && ready > now))
            {
                return false;
            }
            _chatBusy.Add(chatId);
            return true;
        }
    }

    /// <summary>The request to the chat was answered (or never made, when <paramref name="sent"/> is false).</summary>
    public void EndChat(long chatId, bool sent)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            _chatBusy.Remove(chatId);
            if (sent)
            {
                // Channel and group ids are negative: 20 posts a minute there, one a second to a person.
                var ready = now + (chatId < 0 ? _perChannel : _perChat);
                if (!_chatReadyAt.TryGetValue(chatId, out var old) || old < ready)
                {
                    _chatReadyAt[chatId] = ready;
                }
            }
            // Forget chats whose wait is long over, so 10,000 subscribers do not pin 10,000 entries.
            if (_chatReadyAt.Count > 4096)
            {
                foreach (var key in _chatReadyAt.Where(p => p.Value <= now).Select(p => p.Key).ToList())
                {
                    _chatReadyAt.Remove(key);
                }
            }
        }
    }

    public void PostponeChat(long chatId, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_chatReadyAt.TryGetValue(chatId, out var old) || old < until)
            {
                _chatReadyAt[chatId] = until;
            }
        }
    }

    public void PauseAll(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>When the soonest cooling-down chat may be sent to again (null: none is cooling down).</summary>
    public DateTimeOffset? EarliestChatReady()
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            DateTimeOffset? earliest = null;
            foreach (var ready in _chatReadyAt.Values)
            {
                if (ready > now && (earliest is null || ready < earliest))
                {
                    earliest = ready;
                }
            }
            return earliest;
        }
    }

    public void Dispose()
    {
        _global.Dispose();
        _paid?.Dispose();
    }
}
