using System.Security.Claims;
using System.Text.Json.Serialization;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Atra.Modules.Users;

/// <summary>
/// <c>/api/users</c>: a user's own settings, and the admin's list and changes. An adapter only: the rules live
/// in the request handlers.
/// </summary>
internal static class UsersEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("users").RequireUser()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/me/settings", GetMySettingsAsync).WithName("GetMySettings").WithSummary("Your settings");
        group.MapPut("/me/settings", PutMySettingsAsync).WithName("PutMySettings")
            .WithSummary("Change your settings")
            .WithDescription("Fields left out (or null) keep their value; an unknown field is rejected.");
        group.MapGet("/{id:long}", GetUserAsync).WithName("GetUser").WithSummary("A user: yourself, or anyone for an admin");
        group.MapGet("/", ListUsersAsync).WithName("ListUsers").WithSummary("Users, a page at a time (admin)").RequireAdmin();
        group.MapPatch("/{id:long}", PatchUserAsync).WithName("PatchUser").WithSummary("Change a user's activity, role or settings (admin)")
            .RequireAdmin().ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<UserSettingsDto>> GetMySettingsAsync(ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var user = await mediator.Send(new GetUserById(principal.GetUserId()), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound("Your user");
        return TypedResults.Ok(user.Settings);
    }

    private static async Task<Ok<UserSettingsDto>> PutMySettingsAsync(UserSettingsChange change, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var user = await mediator.Send(new UpdateUserSettings(principal.GetUserId(), change), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound("Your user");
        return TypedResults.Ok(user.Settings);
    }

    private static async Task<Ok<UserDto>> GetUserAsync(long id, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        // Another user's record answers exactly like a missing one: ids are not confirmed to strangers.
        principal.EnsureCanSee(id, "The user");
        var user = await mediator.Send(new GetUserById(id), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound("The user");
        return TypedResults.Ok(user);
    }

    private static async Task<Ok<UserPage>> ListUsersAsync(
        IMediator mediator,
        int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        bool? active,
        bool? admin,
        string? search,
        CancellationToken ct)
    {
        var result = await mediator.Send(new ListUsers(page ?? 1, pageSize ?? 50, active, admin, string.IsNullOrEmpty(search) ? null : search), ct).ConfigureAwait(false);
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<UserDto>> PatchUserAsync(long id, AdminUserChange change, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        if (id == principal.GetUserId() && (change.IsActive == false || change.IsAdmin == false))
        {
            throw AtraProblem.Conflict("An admin cannot deactivate or demote themselves; ask another admin.");
        }
        var user = await mediator.Send(new ChangeUser(id, change.IsActive, change.IsAdmin, change.Settings), ct).ConfigureAwait(false)
                   ?? throw AtraProblem.NotFound("The user");
        return TypedResults.Ok(user);
    }
}

/// <summary>The body of <c>PATCH /api/users/{id}</c>: null fields keep their value.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record AdminUserChange(bool? IsActive = null, bool? IsAdmin = null, UserSettingsChange? Settings = null);
