namespace Atra.Modules.Positions.Statistics;

/// <summary>
/// Annualised Sharpe ratio of daily returns: mean / sample standard deviation (n − 1) × √365 (crypto trades every
/// day), no risk-free rate. Null with fewer than 2 days or a standard deviation of 0.
/// </summary>
internal static class SharpeRatio
{
    public static double? Annualised(ReadOnlySpan<double> daily)
    {
        if (daily.Length < 2)
        {
            return null;
        }
        var mean = 0d;
        foreach (var r in daily)
        {
            mean += r;
        }
        mean /= daily.Length;
        var sq = 0d;
        foreach (var r in daily)
        {
            sq += (r - mean) * (r - mean);
        }
        var sd = Math.Sqrt(sq / (daily.Length - 1));
        return sd > 0 ? mean / sd * Math.Sqrt(365) : null;
    }

    /// <summary>
    /// The daily series of (date, return) pairs from the first to the last date given, days without a close counting 0.
    /// </summary>
    public static double[] ZeroFilled(IReadOnlyList<(DateOnly Date, double Return)> days)
    {
        if (days.Count == 0)
        {
            return [];
        }
        var first = days[0].Date;
        var series = new double[days[^1].Date.DayNumber - first.DayNumber + 1];
        foreach (var (date, r) in days)
        {
            series[date.DayNumber - first.DayNumber] += r;
        }
        return series;
    }
}
