using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Positions;

/// <summary>The <c>Positions</c> section.</summary>
internal sealed class PositionsOptions
{
    public const string SectionName = "Positions";

    /// <summary>How often positions are reconciled with their signals' stored state (besides at start).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Positions:ReconcileInterval: must be between 00:00:00.010 and 1.00:00:00.")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(2);
}
