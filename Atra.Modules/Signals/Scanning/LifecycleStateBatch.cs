using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Store;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// The lifecycle state of open signals, written for all symbols together, in one transaction, when every scanned
/// symbol has had the candle of that time (or when a later candle time begins first, or at stop): one commit per
/// closed candle instead of one per open signal. A crash before that write loses nothing: a resumed signal catches
/// up from the candles. Entries leave only once their write committed.
/// </summary>
internal sealed class LifecycleStateBatch
{
    private readonly Dictionary<long, SignalStateUpdate> _pending = [];
    private long _roundMs = long.MinValue;
    private int _atRound;
    private long _oldestMs = long.MaxValue;

    public int Count => _pending.Count;

    /// <summary>A symbol has reached the candle of <paramref name="openTimeMs"/> (a round is complete when all have).</summary>
    public void Reached(long openTimeMs)
    {
        if (openTimeMs > _roundMs)
        {
            _roundMs = openTimeMs;
            _atRound = 0;
        }
        if (openTimeMs == _roundMs)
        {
            _atRound++;
        }
    }

    public void Add(long signalId, in SignalLifecycle life, long candleMs)
    {
        _pending[signalId] = new SignalStateUpdate(signalId, life, candleMs);
        _oldestMs = Math.Min(_oldestMs, candleMs);
    }

    /// <summary>The close carries every field an earlier pending state would write; that one must not follow it.</summary>
    public void Remove(long signalId) => _pending.Remove(signalId);

    /// <summary>
    /// Every scanned symbol that is not stuck on a failed write has reached the round (a stuck one may or may not have
    /// been fed the round's candle before its write failed, hence at least), or a later round has begun.
    /// </summary>
    public bool Due(int symbols) => _pending.Count > 0 && (_atRound >= symbols || _oldestMs < _roundMs);

    public async Task FlushAsync(SignalCommits commits, CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        await commits.UpdateStatesAsync(_pending.Values, ct).ConfigureAwait(false);
        _pending.Clear();
        _oldestMs = long.MaxValue;
    }
}
