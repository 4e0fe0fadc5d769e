namespace Atra.Modules.Health.StatusPage;

/// <summary>Outcomes of the signals closed on one UTC day, and the profit summed since the window began.</summary>
internal sealed record StatusDay(string Day, long Time, int Wins, int Losses, decimal ProfitPct, decimal CumulativeProfitPct, double WinRate);
