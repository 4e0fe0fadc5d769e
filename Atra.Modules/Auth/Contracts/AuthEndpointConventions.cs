using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atra.Modules.Auth.Contracts;

/// <summary>
/// How another module's endpoints ask for Atra's auth: <c>group.RequireUser()</c> or <c>group.RequireAdmin()</c>.
/// Both document the 401/403 answers in the OpenAPI document.
/// </summary>
public static class AuthEndpointConventions
{
    /// <summary>Any signed-in, non-revoked user.</summary>
    public static TBuilder RequireUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>Admins only: a signed-in non-admin gets 403.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(AuthPolicies.Admin);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}
