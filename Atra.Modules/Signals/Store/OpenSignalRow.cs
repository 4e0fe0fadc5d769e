namespace Atra.Modules.Signals.Store;

/// <summary>An open signal as stored: enough to rebuild its lifecycle after a restart.</summary>
internal sealed class OpenSignalRow
{
    public long Id { get; set; }

    public string Symbol { get; set; } = "";

    public string Side { get; set; } = "";

    public string FilterMode { get; set; } = "";

    public string EntryPrice { get; set; } = "";

    public string SlPrice { get; set; } = "";

    public string Tp1Price { get; set; } = "";

    public string Tp2Price { get; set; } = "";

    public string? DcaPrice { get; set; }

    public string? Tp1ExitPrice { get; set; }

    public string? DcaFillPrice { get; set; }

    public long CandlesSeen { get; set; }

    public long? LastCandleTime { get; set; }

    public long SignalTime { get; set; }
}
