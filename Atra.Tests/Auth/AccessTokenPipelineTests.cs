using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Auth;

/// <summary>
/// Requests are signed in by Atra's access-token middleware alone: ASP.NET Core's authentication middleware, which
/// WebApplication adds on its own unless told it is there, must not run a second validation per request.
/// </summary>
public sealed class AccessTokenPipelineTests
{
    [Test]
    public async Task SignedInRequest_NeverGoesThroughTheAuthenticationService()
    {
        var counter = new CountingAuthenticationService.Counts();
        using var api = new AtraApiFactory();
        using var host = api.WithWebHostBuilder(b => b.ConfigureTestServices(services => CountingAuthenticationService.Decorate(services, counter)));
        await api.CreateLoginAsync("pipeline-user");
        var tokens = await LoginAsync(host, "pipeline-user");

        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(counter.Authenticate, Is.Zero, "the framework's authentication middleware ran");

        using var anonymous = host.CreateClient();
        Assert.That((await anonymous.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(counter.Challenge, Is.EqualTo(1), "a missing token is challenged through the Bearer scheme");
    }

    private static async Task<TokenPair> LoginAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Atra.Host.Program> host, string username)
    {
        using var client = host.CreateClient();
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/login", new { username, password = "correct-horse-42" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TokenPair>(response.Content, AtraApiFactory.Json))!;
    }

    private sealed class CountingAuthenticationService(IAuthenticationService inner, CountingAuthenticationService.Counts counts) : IAuthenticationService
    {
        public sealed class Counts
        {
            public int Authenticate;
            public int Challenge;
        }

        public static void Decorate(IServiceCollection services, Counts counts)
        {
            var registered = services.Last(d => d.ServiceType == typeof(IAuthenticationService));
            services.Remove(registered);
            services.AddScoped<IAuthenticationService>(provider =>
                new CountingAuthenticationService((IAuthenticationService)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), counts));
        }

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
        {
            Interlocked.Increment(ref counts.Authenticate);
            return inner.AuthenticateAsync(context, scheme);
        }

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
        {
            Interlocked.Increment(ref counts.Challenge);
            return inner.ChallengeAsync(context, scheme, properties);
        }

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ForbidAsync(context, scheme, properties);

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => inner.SignInAsync(context, scheme, principal, properties);

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.SignOutAsync(context, scheme, properties);
    }
}
