namespace Atra.Modules.Signals.Contracts;

/// <summary>A page of signals, newest first; pass <see cref="NextBeforeId"/> as <c>before_id</c> for the next page.</summary>
public sealed record SignalPage(IReadOnlyList<SignalDto> Items, long? NextBeforeId);
