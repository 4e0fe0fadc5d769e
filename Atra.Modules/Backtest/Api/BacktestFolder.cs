namespace Atra.Modules.Backtest.Api;

/// <summary>Where the API's backtests read candle files: <c>Backtest:DataFolder</c>, else the replay's <c>samples</c>.</summary>
internal static class BacktestFolder
{
    public const string Default = "samples";

    /// <summary>Relative to the working directory when it exists there, else to the program folder (as the replay does).</summary>
    public static string Resolve(string configured)
    {
        var folder = string.IsNullOrWhiteSpace(configured) ? Default : configured;
        if (Path.IsPathRooted(folder) || Directory.Exists(folder))
        {
            return Path.GetFullPath(folder);
        }
        var besideProgram = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(besideProgram) ? besideProgram : Path.GetFullPath(folder);
    }
}
