using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Indicators.Contracts;

// PLACEHOLDER on feature/signals only, so this branch builds before feature/indicators lands; the merge takes
// the Indicators helper's file. No indicator math here.
#pragma warning disable CA1822
public sealed class StreamingIndicators(string interval)
{
    public string Interval { get; } = interval;


    public ref readonly IndicatorSnapshot Update(in Candle candle) => throw new NotSupportedException("feature/indicators is not merged yet");
}
