namespace Atra.Modules.Signals.Filters;

/// <summary>Whale and news impact for one candidate; NaN = unknown (failed or timed out).</summary>
internal readonly record struct ExternalVerdicts(double Whale, double News);
