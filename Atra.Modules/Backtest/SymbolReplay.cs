using System.Runtime.CompilerServices;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest;

/// <summary>
/// One symbol's replay through <see cref="SignalStep"/>, the per-candle step live scanning runs too: only the
/// candles, the indicators and the commits are the replay's (nothing to store, so every commit is immediate; no trade
/// or news feed, so whale and news impact are 0, as STRATEGY.md says). The strategy sees nothing after the candle it
/// evaluates. No allocation per candle (only per signal).
/// </summary>
internal sealed class SymbolReplay
{
    private readonly CandleSeries _s;
    private readonly IndicatorTable? _t;
    private readonly StreamingIndicators? _stream;
    private readonly double[] _ema7;
    private readonly double[] _ema25;
    private IndicatorSnapshot _row;
    private readonly BtcSeries? _btc;
    private readonly bool _isBtc;
    private readonly SignalStep _step;
    private readonly SignalTrack _track;
    private int _btcCursor;

    public SymbolReplay(CandleSeries series, IndicatorTable indicators, BtcSeries? btc, bool isBtc, int start, int end, SignalStep step, ISignalGuardBook guards)
        : this(series, indicators, indicators.Ema7, indicators.Ema25, btc, isBtc, start, end, step, guards)
    {
    }

    /// <summary>
    /// As the table form, computing the indicators row by row while replaying (the streaming form, bit for bit the
    /// table's rows) into <paramref name="ema7"/>/<paramref name="ema25"/> (at least <c>series.Count</c> long; the
    /// strategy reads their history): no whole-series table, so a backtest touches far less memory.
    /// </summary>
    public SymbolReplay(CandleSeries series, double[] ema7, double[] ema25, BtcSeries? btc, bool isBtc, int start, int end, SignalStep step, ISignalGuardBook guards)
        : this(series, null, ema7, ema25, btc, isBtc, start, end, step, guards)
    {
    }

    private SymbolReplay(CandleSeries series, IndicatorTable? table, double[] ema7, double[] ema25, BtcSeries? btc, bool isBtc, int start, int end,
        SignalStep step, ISignalGuardBook guards)
    {
        _s = series;
        _t = table;
        _stream = table is null ? new StreamingIndicators(series.Interval) : null;
        _ema7 = ema7;
        _ema25 = ema25;
        _btc = isBtc ? null : btc;
        _isBtc = isBtc;
        Start = start;
        End = end;
        _step = step;
        _track = new SignalTrack(series.Symbol, guards);
    }

    public string Symbol => _s.Symbol;

    /// <summary>First and one-past-last row replayed.</summary>
    public int Start { get; }

    public int End { get; }

    public long OpenTime(int k) => _s.OpenTimeMs[k];

    /// <summary>Closed signals (signal id 0 until the runner numbers them).</summary>
    public List<BacktestTrade> Trades { get; } = [];

    // A one-shot CLI run would otherwise spend the hot loop in unoptimised tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run()
    {
        if (_stream is not null)
        {
            // Rows before the replayed range only warm the indicators up.
            for (var k = 0; k < Start; k++)
            {
                Stream(k);
            }
        }
        for (var k = Start; k < End; k++)
        {
            Process(k);
        }
        Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(int k)
    {
        var t = _s.OpenTimeMs;
        if (_stream is not null)
        {
            Stream(k);
        }
        var phase = _step.Advance(_track, t[k], _s.Open[k], _s.High[k], _s.Low[k], _s.Close[k]);
        if (phase != SignalStepPhase.Evaluate)
        {
            if (phase == SignalStepPhase.Closing)
            {
                Close();
            }
            return;
        }
        var btc = _btc is null ? BtcState.Unknown : _btc.At(t[k], ref _btcCursor);
        var snapshot = _t is null ? _row : _t.Row(k, t[k]);
        var n = k + 1;
        var context = new SignalContext(_s.Symbol, _isBtc, _s.Close.AsSpan(0, n), _s.Volume.AsSpan(0, n), _ema7.AsSpan(0, n), _ema25.AsSpan(0, n), in snapshot, btc, k);
        if (_step.Evaluate(_track, in context) == SignalStepPhase.Candidate
            && _step.Confirm(_track, 0, 0) == SignalStepPhase.Confirmed)
        {
            _step.CommitOpen(_track);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stream(int k)
    {
        _stream!.Update(new Candle(_s.OpenTimeMs[k], _s.Open[k], _s.High[k], _s.Low[k], _s.Close[k], _s.Volume[k]), ref _row);
        _ema7[k] = _row.Ema7;
        _ema25[k] = _row.Ema25;
    }

    /// <summary>6. End of data: whatever is still open closes at the last replayed close.</summary>
    public void Finish()
    {
        if (End > Start && _step.EndOfData(_track, _s.OpenTimeMs[End - 1], _s.Close[End - 1]) == SignalStepPhase.Closing)
        {
            Close();
        }
    }

    private void Close()
    {
        _step.CommitClose(_track);
        ref readonly var life = ref _track.Life;
        ref readonly var candidate = ref _track.Candidate;
        Trades.Add(new BacktestTrade(
            0, _s.Symbol, candidate.Mode, candidate.OpenTimeMs, life.Levels, life.ExitTimeMs, life.ExitPrice, life.ExitReason,
            life.Tp1Hit, life.DcaCount, life.AverageEntry, life.ProfitPct, candidate.Features));
    }
}
