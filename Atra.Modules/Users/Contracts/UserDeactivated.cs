using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>A user was marked inactive; Auth revokes their sessions.</summary>
public sealed record UserDeactivated(long UserId, string Reason) : INotification;
