using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Filters;

/// <summary>Whale, news and ML values for one candidate; NaN = unknown (failed, timed out, or no model).</summary>
internal readonly record struct ExternalVerdicts(double Whale, double News, MlVerdict Ml);
