using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using System.Runtime.CompilerServices;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest;

/// <summary>
/// One symbol's replay: the same sequence live scanning runs per closed candle. An open signal goes through the
/// lifecycle first; a candle in which a signal closed gets no new one; otherwise the strategy evaluates the
/// candle with nothing after it visible. No allocation per candle (only per signal).
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
    private readonly ISignalStrategy _strategy;
    private readonly RiskSettings _risk;
    private readonly ISignalProbabilityModel? _model;
    private int _btcCursor;
    private bool _open;
    private SignalLifecycle _life;
    private SignalCandidate _candidate;

    public SymbolReplay(CandleSeries series, IndicatorTable indicators, BtcSeries? btc, bool isBtc, int start, int end,
        ISignalStrategy strategy, RiskSettings risk, ISignalProbabilityModel? model)
    {
        _s = series;
        _t = indicators;
        _ema7 = indicators.Ema7;
        _ema25 = indicators.Ema25;
        _btc = isBtc ? null : btc;
        _isBtc = isBtc;
        Start = start;
        End = end;
        _strategy = strategy;
        _risk = risk;
        _model = model;
    }

    /// <summary>
    /// As the table form, computing the indicators row by row while replaying (the streaming form, bit for bit the
    /// table's rows) into <paramref name="ema7"/>/<paramref name="ema25"/> (at least <c>series.Count</c> long; the
    /// strategy reads their history): no whole-series table, so a backtest touches far less memory.
    /// </summary>
    public SymbolReplay(CandleSeries series, double[] ema7, double[] ema25, BtcSeries? btc, bool isBtc, int start, int end,
        ISignalStrategy strategy, RiskSettings risk, ISignalProbabilityModel? model)
    {
        _s = series;
        _stream = new StreamingIndicators(series.Interval);
        _ema7 = ema7;
        _ema25 = ema25;
        _btc = isBtc ? null : btc;
        _isBtc = isBtc;
        Start = start;
        End = end;
        _strategy = strategy;
        _risk = risk;
        _model = model;
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
    public void Run(ISignalGuardBook guards)
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
            Process(k, guards);
        }
        Finish(guards);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Process(int k, ISignalGuardBook guards)
    {
        var t = _s.OpenTimeMs;
        if (_stream is not null)
        {
            Stream(k);
        }
        if (_open)
        {
            _life.Step(t[k], _s.Open[k], _s.High[k], _s.Low[k], _s.Close[k]);
            if (_life.IsClosed)
            {
                Close(guards);
            }
            return;
        }

        var btc = _btc is null ? BtcState.Unknown : _btc.At(t[k], ref _btcCursor);
        var snapshot = _t is null ? _row : _t.Row(k, t[k]);
        var n = k + 1;
        var context = new SignalContext(_s.Symbol, _isBtc, _s.Close.AsSpan(0, n), _s.Volume.AsSpan(0, n), _ema7.AsSpan(0, n), _ema25.AsSpan(0, n), in snapshot, btc, k);
        if (!_strategy.TryEvaluate(in context, out _candidate))
        {
            return;
        }
        if (SignalLevels.Compute(_candidate.Side, _candidate.Entry, _candidate.Features.Atr14, _risk) is not { } levels)
        {
            return;
        }
        var ml = _model is { IsActive: true } ? _model.Predict(in _candidate) : MlVerdict.None;
        // Backtests and replays have no trade or news feed: whale and news impact are 0 (STRATEGY.md).
        if (!_strategy.Confirm(ref _candidate, 0, 0, in ml))
        {
            return;
        }
        if (guards.AnyEnabled && !guards.Check(_s.Symbol, t[k]).Allowed)
        {
            return;
        }
        _life = SignalLifecycle.Open(in levels, _risk);
        _open = true;
        guards.RecordOpened(_s.Symbol, t[k]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Stream(int k)
    {
        _stream!.Update(new Candle(_s.OpenTimeMs[k], _s.Open[k], _s.High[k], _s.Low[k], _s.Close[k], _s.Volume[k]), ref _row);
        _ema7[k] = _row.Ema7;
        _ema25[k] = _row.Ema25;
    }

    /// <summary>6. End of data: whatever is still open closes at the last replayed close.</summary>
    public void Finish(ISignalGuardBook guards)
    {
        if (_open && End > Start)
        {
            _life.CloseAtEndOfData(_s.OpenTimeMs[End - 1], _s.Close[End - 1]);
            Close(guards);
        }
    }

    private void Close(ISignalGuardBook guards)
    {
        _open = false;
        Trades.Add(new BacktestTrade(
            0, _s.Symbol, _candidate.Mode, _candidate.OpenTimeMs, _life.Levels, _life.ExitTimeMs, _life.ExitPrice, _life.ExitReason,
            _life.Tp1Hit, _life.DcaCount, _life.AverageEntry, _life.ProfitPct, _candidate.Features));
        guards.RecordClosed(_s.Symbol, _life.ExitTimeMs, _life.ExitReason, _life.ProfitPct);
    }
}
