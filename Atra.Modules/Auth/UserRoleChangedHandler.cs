using Atra.Modules.Users.Contracts;
using Mediator;

namespace Atra.Modules.Auth;

/// <summary>
/// A role change takes effect at once: the user's live access tokens carry the old role as a claim (and validated
/// tokens are remembered), so they are blocked; the refresh tokens stay, and a refresh issues the stored role.
/// </summary>
internal sealed class UserRoleChangedHandler(AuthService auth) : INotificationHandler<UserRoleChanged>
{
    public async ValueTask Handle(UserRoleChanged notification, CancellationToken cancellationToken) =>
        await auth.EndAccessTokensAsync(notification.UserId, cancellationToken).ConfigureAwait(false);
}
