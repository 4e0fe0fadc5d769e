namespace Atra.Modules.MarketData;

/// <summary>The <c>Market:Replay</c> section: candle files played back instead of an exchange.</summary>
internal sealed class ReplayOptions
{
    /// <summary>Folder of <c>SYMBOL-INTERVAL.csv</c> files; relative to the working directory, else to the program folder.</summary>
    public string Folder { get; set; } = "samples";

    /// <summary>
    /// Replay steps per second, a step being one open time across all symbols (speed 10 on 1h files plays ten
    /// hours of market per second). 0 plays as fast as the consumers take the candles (backtests).
    /// </summary>
    public double Speed { get; set; }

    /// <summary>Candles per file served as history (store warm-up) before the replay stream starts.</summary>
    public int WarmupCandles { get; set; }
}
