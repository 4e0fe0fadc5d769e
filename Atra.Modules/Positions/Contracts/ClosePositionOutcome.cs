namespace Atra.Modules.Positions.Contracts;

/// <summary>How a manual close ended.</summary>
public enum ClosePositionOutcome
{
    Closed,

    /// <summary>No such position, or another user's.</summary>
    NotFound,

    /// <summary>The position had already closed (by its signal or by hand).</summary>
    AlreadyClosed,
}
