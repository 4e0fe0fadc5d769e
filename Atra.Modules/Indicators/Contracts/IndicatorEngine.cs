using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Indicators.Contracts;

// PLACEHOLDER on feature/signals only, so this branch builds before feature/indicators lands; the merge takes
// the Indicators helper's file. No indicator math here.
public static class IndicatorEngine
{
    public static IndicatorTable Compute(CandleSeries series) => throw new NotSupportedException("feature/indicators is not merged yet");
}
