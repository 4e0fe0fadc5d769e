namespace Atra.Modules.Users.Contracts;

/// <summary>A page of users and the total number matching the filters.</summary>
public sealed record UserPage(IReadOnlyList<UserDto> Items, int Page, int PageSize, long Total);
