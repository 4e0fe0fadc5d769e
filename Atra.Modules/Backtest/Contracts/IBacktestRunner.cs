namespace Atra.Modules.Backtest.Contracts;

/// <summary>Replays candle files through the live strategy and lifecycle code. Deterministic.</summary>
public interface IBacktestRunner
{
    BacktestResult Run(BacktestRequest request, CancellationToken cancellationToken = default);
}
