namespace Atra.Modules.Risk.Contracts;

/// <summary>A user's risk tolerance: sets the risk per trade and the leverage cap.</summary>
public enum RiskTolerance
{
    Low,
    Medium,
    High,
}
