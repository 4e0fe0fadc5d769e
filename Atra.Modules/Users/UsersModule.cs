using Atra.Modules.Users.LegacyImport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Modules.Users;

/// <summary>Users and their settings; owns the <c>users</c> and <c>user_settings</c> tables.</summary>
public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LegacyUsersImporter>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<PasswordHasher>();
        return services;
    }

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app) => UsersEndpoints.Map(app);
}
