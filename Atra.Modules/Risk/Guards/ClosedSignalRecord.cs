using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

internal readonly record struct ClosedSignalRecord(string Symbol, long ExitTimeMs, ExitReason Reason, double ProfitPct);
