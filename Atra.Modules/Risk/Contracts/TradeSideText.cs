namespace Atra.Modules.Risk.Contracts;

/// <summary>The edge spelling of <see cref="TradeSide"/> and <see cref="ExitReason"/> (database, CSV, API).</summary>
public static class TradeSideText
{
    public static string ToText(this TradeSide side) => side == TradeSide.Long ? "long" : "short";

    public static TradeSide ParseSide(string text) => text switch
    {
        "long" => TradeSide.Long,
        "short" => TradeSide.Short,
        _ => throw new ArgumentException($"'{text}' is not a side (long|short)", nameof(text)),
    };

    public static string ToText(this ExitReason reason) => reason switch
    {
        ExitReason.StopLoss => "stop_loss",
        ExitReason.Breakeven => "breakeven",
        ExitReason.TakeProfit2 => "take_profit_2",
        ExitReason.Timeout => "timeout",
        ExitReason.EndOfData => "end_of_data",
        _ => "",
    };

    public static ExitReason ParseExitReason(string text) => text switch
    {
        "stop_loss" => ExitReason.StopLoss,
        "breakeven" => ExitReason.Breakeven,
        "take_profit_2" => ExitReason.TakeProfit2,
        "timeout" => ExitReason.Timeout,
        "end_of_data" => ExitReason.EndOfData,
        _ => throw new ArgumentException($"'{text}' is not an exit reason", nameof(text)),
    };
}
