using System.Globalization;
using System.Security.Claims;
using Atra.Modules.Shared.Errors;

namespace Atra.Modules.Auth.Contracts;

/// <summary>The signed-in user as endpoints need it, read from the access token's claims.</summary>
public static class CurrentUser
{
    /// <summary>The user id (<c>sub</c>); a 401 problem when the principal carries none (an endpoint without RequireUser).</summary>
    public static long GetUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var sub = principal.FindFirst(AuthPolicies.SubjectClaim)?.Value;
        return long.TryParse(sub, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new AtraProblem(401, "Unauthorized", "A valid access token is required.");
    }

    public static bool IsAdmin(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(AuthPolicies.RoleClaim, AuthPolicies.AdminRole);
    }

    /// <summary>
    /// Whether the principal may see a resource owned by <paramref name="ownerId"/>: its owner or an admin.
    /// When not, answer 404 (<see cref="EnsureCanSee"/>): another user's resource is not confirmed to exist.
    /// </summary>
    public static bool CanSee(this ClaimsPrincipal principal, long ownerId) => principal.GetUserId() == ownerId || principal.IsAdmin();

    /// <summary>Throws a 404 problem naming <paramref name="what"/> unless the principal may see it.</summary>
    public static void EnsureCanSee(this ClaimsPrincipal principal, long ownerId, string what)
    {
        if (!principal.CanSee(ownerId))
        {
            throw AtraProblem.NotFound(what);
        }
    }
}
