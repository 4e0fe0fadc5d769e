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
/// the previous answer. A 429 pauses everything until its retry_after.
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

    public SendRateLimiter(IOptions<TelegramOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new SemaphoreSlim(options.Value.GlobalRatePerSecond, options.Value.GlobalRatePerSecond);
        _perChat = options.Value.PerChatInterval;
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

    /// <summary>Takes a permit and keeps the minimum spacing from the previous send.</summary>
    public async Task AcquireGlobalAsync(CancellationToken cancellationToken)
    {
        await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
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
    }

    /// <summary>Gives a permit back at once: it was acquired but no request was made.</summary>
    public void ReturnUnused() => _global.Release();

    /// <summary>Gives a permit back one window from now: call it when the request it covered was answered.</summary>
    public void ReleaseAfterWindow() =>
        _ = Task.Delay(Window, _clock).ContinueWith(_ => _global.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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
                var ready = now + _perChat;
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

    public void Dispose() => _global.Dispose();
}
