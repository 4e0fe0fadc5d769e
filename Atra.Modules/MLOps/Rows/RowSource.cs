using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Features;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Mediator;

namespace Atra.Modules.MLOps.Rows;

/// <summary>
/// Loads training rows. Both sources give the same row shape: the features at signal time (<see cref="FeatureSchema"/>)
/// and the realised profit. Backtest rows come from the Backtest module's runner without the ML filter (the model
/// learns from the strategy's own signals); a trade still open at the end of the data (<c>end_of_data</c>) has no
/// outcome yet and is left out, as is any signal that closed at or after the window's end, unless the query asks for
/// every trade (drift samples: exactly the rows of trades.csv).
/// </summary>
internal sealed class RowSource(IMediator mediator, IBacktestRunner runner, TimeProvider clock)
{
    public async Task<RowSet> LoadAsync(RowQuery query, IProgress<string>? progress, CancellationToken ct)
    {
        var symbols = query.Symbols is { Count: > 0 } s ? new HashSet<string>(s.Select(x => x.Trim().ToUpperInvariant()), StringComparer.Ordinal) : null;
        var rows = new List<TrainingRow>();
        if (query.DataDirectory is null)
        {
            var to = query.ToMs ?? clock.GetUtcNow().ToUnixTimeMilliseconds();
            var closed = await mediator.Send(new ListClosedSignals(query.Interval, query.FromMs, to), ct).ConfigureAwait(false);
            foreach (var c in closed)
            {
                if (symbols is null || symbols.Contains(c.Symbol))
                {
                    rows.Add(new TrainingRow(c.Symbol, c.SignalTimeMs, c.ExitTimeMs, c.ProfitPct, FeatureSchema.Vector(c.Side, c.Entry, c.Features), c.Features.MlProbability));
                }
            }
            progress?.Report($"{rows.Count} closed signals in the database");
            return new RowSet(rows, query.Describe());
        }

        var result = Backtest(query, progress, ct);
        foreach (var t in result.Trades)
        {
            var closed = t.ExitReason != ExitReason.EndOfData && !(query.ToMs is { } end && t.ExitTimeMs >= end);
            if (closed || !query.ClosedOnly)
            {
                rows.Add(new TrainingRow(t.Symbol, t.SignalTimeMs, t.ExitTimeMs, t.ProfitPct, FeatureSchema.Vector(t.Side, t.Levels.Entry, t.Features), double.NaN, closed));
            }
        }
        progress?.Report($"{rows.Count} closed signals from the backtest ({result.Trades.Count} trades)");
        return new RowSet(rows, query.Describe());
    }

    private BacktestResult Backtest(RowQuery query, IProgress<string>? progress, CancellationToken ct)
    {
        var request = new BacktestRequest(query.DataDirectory!, query.Interval, query.Symbols, query.FromMs, query.ToMs, UseMl: false,
            path => CandleCsvReader.ReadFile(path))
        {
            LoadFileInto = (path, reuse) => CandleCsvReader.ReadFile(path, reuse),
            Progress = progress is null ? null : new Relay(progress),
        };
        try
        {
            return runner.Run(request, ct);
        }
        catch (BacktestInputException ex)
        {
            throw new MLOpsInputException(ex.Message);
        }
        catch (CandleFileException ex)
        {
            throw new MLOpsInputException(ex.Message);
        }
    }

    private sealed class Relay(IProgress<string> progress) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => progress.Report($"backtest [{value.Done}/{value.Total}] {value.Message}");
    }
}
