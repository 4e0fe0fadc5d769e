namespace Atra.Modules.Telegram.Ports;

/// <summary>/stats: closed trades of one user. Percentages are per trade, on margin; Sharpe is per trade (mean / sd), not annualised; null when undefined.</summary>
internal sealed record TradingStats(int Trades, int Wins, double? WinRatePct, double? AvgProfitPct, double? Sharpe, decimal TotalPnl, int OpenPositions);
