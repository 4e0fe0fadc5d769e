namespace Atra.Modules.Risk.Contracts;

/// <summary>Sizes a signal for a user (STRATEGY.md "Levels and sizing"); pure, usable directly or via <see cref="SizePositionQuery"/>.</summary>
public interface IPositionSizer
{
    PositionSize Size(PositionSizeRequest request);
}
