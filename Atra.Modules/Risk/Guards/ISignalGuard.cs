using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Risk.Guards;

/// <summary>One protection; a guard only ever blocks new signals, never closes open ones.</summary>
internal interface ISignalGuard
{
    string Name { get; }

    bool CrossSymbol { get; }

    GuardVerdict Check(string symbol, long timeMs, GuardHistory history);
}
