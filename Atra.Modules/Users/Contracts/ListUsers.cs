using Mediator;

namespace Atra.Modules.Users.Contracts;

/// <summary>One page of users by id (admin view). <paramref name="Search"/> matches a part of the username.</summary>
public sealed record ListUsers(int Page, int PageSize, bool? IsActive = null, bool? IsAdmin = null, string? Search = null) : IRequest<UserPage>;
