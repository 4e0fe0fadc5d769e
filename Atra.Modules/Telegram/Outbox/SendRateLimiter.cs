using Microsoft.Extensions.Options;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Telegram's limits as the sender sees them. Global: a permit per send, returned one window (1 s) after that send
/// has been answered, so no window ever holds more than <c>GlobalRatePerSecond</c> requests on Telegram's side,
/// whatever the network delay (Telegram counts a request somewhere between our start and its answer, so the answer
/// is the only safe end). On top, sends start on a steady cadence of one per 1/<c>GlobalRatePerSecond</c> s instead of
/// in bursts of the whole allowance: one request on the wire at a time keeps the answers quick, and the permits
/// cycle faster (each cycle is window + answer time). Per chat: one request at a time, the next not before <c>PerChatInterval</c> after
/// the previous answer. A 429 pauses everything until its retry_after.
/// </summary>
internal sealed class SendRateLimiter : IDisposable
{
    // Timers may fire a hair early against the server's clock; a few milliseconds keep us clear of the edge.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(5);

    private readonly SemaphoreSlim _global;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _perChat;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTimeOffset> _chatReadyAt = [];
    private readonly HashSet<long> _chatBusy = [];
    private readonly TimeSpan _cadence;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public SendRateLimiter(IOptions<TelegramOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new SemaphoreSlim(options.Value.GlobalRatePerSecond, options.Value.GlobalRatePerSecond);
        _perChat = options.Value.PerChatInterval;
        _cadence = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / options.Value.GlobalRatePerSecond);
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

    /// <summary>Takes a permit and waits for the next cadence slot.</summary>
    public async Task AcquireGlobalAsync(CancellationToken cancellationToken)
    {
        await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan wait;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            // From the slot, not from when the timer fired: a late timer does not push every later send back.
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _cadence;
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

    /// <summary>Gives a permit back one window after <paramref name="answeredAt"/>, when the request it covered was answered.</summary>
    public void ReleaseAfterWindow(DateTimeOffset answeredAt)
    {
        var wait = answeredAt + Window - _clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            _global.Release();
            return;
        }
        _ = Task.Delay(wait, _clock).ContinueWith(_ => _global.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

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
