namespace Atra.Modules.Positions.Contracts;

/// <summary>How accepting a signal ended.</summary>
public enum OpenPositionOutcome
{
    Opened,

    /// <summary>The user already holds (or held) a position on this signal; nothing changed.</summary>
    AlreadyOpen,

    /// <summary>The signal has reached TP1 or closed: too late to follow it (the reason says which: <c>tp1_hit</c> or <c>closed</c>).</summary>
    SignalNotOpen,

    /// <summary>
    /// The price has moved against the signal by more than <c>Positions:MaxAcceptAdverseMovePct</c> of the entry (or
    /// past the stop): booking now would be a different trade. The reason is <c>price_moved:{percent}</c>.
    /// </summary>
    PriceMoved,

    /// <summary>Sizing refused (spot short, below the exchange minimum, no deposit …): see the reason.</summary>
    NotSized,

    /// <summary>No such signal or no such active user.</summary>
    NotFound,
}
