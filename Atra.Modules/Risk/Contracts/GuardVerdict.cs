namespace Atra.Modules.Risk.Contracts;

/// <summary>Whether the guards let a new signal through; when not, which guard stopped it and why.</summary>
public readonly record struct GuardVerdict(bool Allowed, string? Guard, string? Reason)
{
    public static readonly GuardVerdict Allow = new(true, null, null);
}
