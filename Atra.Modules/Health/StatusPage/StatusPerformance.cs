namespace Atra.Modules.Health.StatusPage;

/// <summary>Win rate and profit of the closed broadcast signals in the window, per day.</summary>
internal sealed record StatusPerformance(int Days, int Wins, int Losses, double? WinRate, decimal TotalProfitPct, IReadOnlyList<StatusDay> PerDay);
