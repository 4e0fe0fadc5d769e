namespace Atra.Modules.Risk.Contracts;

/// <summary>Makes a fresh <see cref="ISignalGuardBook"/> over the configured guards (<c>Risk:Guards</c>).</summary>
public interface ISignalGuardBookFactory
{
    ISignalGuardBook Create();
}
