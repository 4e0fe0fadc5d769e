using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Store;

/// <summary>An open signal's lifecycle state after the candle that opened at <see cref="LastCandleTimeMs"/>.</summary>
internal readonly record struct SignalStateUpdate(long Id, SignalLifecycle Life, long LastCandleTimeMs);
