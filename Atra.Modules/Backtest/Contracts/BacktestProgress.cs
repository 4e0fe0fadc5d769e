namespace Atra.Modules.Backtest.Contracts;

/// <summary>A step of a running backtest: <paramref name="Done"/> of <paramref name="Total"/> symbol steps, and what just finished.</summary>
public readonly record struct BacktestProgress(int Done, int Total, string Message);
