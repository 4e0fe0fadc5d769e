namespace Atra.Modules.Positions.Contracts;

/// <summary>How accepting a signal ended.</summary>
public enum OpenPositionOutcome
{
    Opened,

    /// <summary>The user already holds (or held) a position on this signal; nothing changed.</summary>
    AlreadyOpen,

    /// <summary>The signal has reached TP1 or closed: too late to follow it.</summary>
    SignalNotOpen,

    /// <summary>Sizing refused (spot short, below the exchange minimum, no deposit …): see the reason.</summary>
    NotSized,

    /// <summary>No such signal or no such active user.</summary>
    NotFound,
}
