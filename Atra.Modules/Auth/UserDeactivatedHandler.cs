using Atra.Modules.Users.Contracts;
using Mediator;

namespace Atra.Modules.Auth;

/// <summary>A deactivated user keeps no session: refresh tokens die and live access tokens are blocked.</summary>
internal sealed class UserDeactivatedHandler(AuthService auth) : INotificationHandler<UserDeactivated>
{
    public async ValueTask Handle(UserDeactivated notification, CancellationToken cancellationToken) =>
        await auth.RevokeUserAsync(notification.UserId, "deactivated", cancellationToken).ConfigureAwait(false);
}
