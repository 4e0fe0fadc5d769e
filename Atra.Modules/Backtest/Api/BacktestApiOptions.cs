using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// Settings of the backtests API (<c>Backtest</c> section). Candle files always come from <see cref="DataFolder"/>
/// (empty: the replay folder, <c>Market:Replay:Folder</c>); a client names symbols, never a path.
/// </summary>
internal sealed class BacktestApiOptions
{
    public const string SectionName = "Backtest";

    public string DataFolder { get; set; } = "";

    /// <summary>Runs waiting or running at once; a start beyond it answers 429.</summary>
    [Range(1, 100, ErrorMessage = "Backtest:MaxQueuedRuns: must be between 1 and 100.")]
    public int MaxQueuedRuns { get; set; } = 5;

    /// <summary>Trades kept per run (the summary always counts all of them).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Backtest:MaxStoredTrades: must be between 1 and 1000000.")]
    public int MaxStoredTrades { get; set; } = 20_000;
}
