using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Positions;

/// <summary>The <c>Positions</c> section.</summary>
internal sealed class PositionsOptions
{
    public const string SectionName = "Positions";

    /// <summary>How often positions are reconciled with their signals' stored state (besides at start).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Positions:ReconcileInterval: must be between 00:00:00.010 and 1.00:00:00.")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Accept is refused when the current price is this many percent of the entry past it against the signal (below
    /// a long's entry, above a short's). 0 refuses any adverse move. A late accept must not book a trade whose risk no
    /// longer matches the offer, nor let a user pick only the signals that went their way.
    /// </summary>
    [Range(0.0, 50.0, ErrorMessage = "Positions:MaxAcceptAdverseMovePct: must be between 0 and 50 (percent of the entry).")]
    public double MaxAcceptAdverseMovePct { get; set; } = 1.0;
}
