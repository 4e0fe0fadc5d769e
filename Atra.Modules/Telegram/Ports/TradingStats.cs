namespace Atra.Modules.Telegram.Ports;

/// <summary>/stats: closed trades of one user. Win rate in percent; average profit in percent of entry notional (unleveraged); Sharpe of daily returns, annualised (Positions README); null when undefined.</summary>
internal sealed record TradingStats(int Trades, int Wins, double? WinRatePct, double? AvgProfitPct, double? Sharpe, decimal TotalPnl, int OpenPositions);
