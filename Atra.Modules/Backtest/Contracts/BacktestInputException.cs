namespace Atra.Modules.Backtest.Contracts;

/// <summary>Bad backtest input (missing folder or file, unknown symbol, empty range): the CLI exits 1 with this message.</summary>
public sealed class BacktestInputException(string message) : Exception(message);
