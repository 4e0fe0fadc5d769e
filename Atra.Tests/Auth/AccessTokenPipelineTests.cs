using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Atra.Tests.Fakes;

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

    [Test]
    public async Task RefusedToken_IsValidatedOncePerRequest_EvenWhenChallenged()
    {
        var reads = new CountingCache.Counts();
        using var api = new AtraApiFactory(redis: RedisServer.Shared.Configuration);
        using var host = api.WithWebHostBuilder(b => b.ConfigureTestServices(services => CountingCache.Decorate(services, reads)));
        await api.CreateLoginAsync("revoked-user");
        var tokens = await LoginAsync(host, "revoked-user");
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.That((await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/logout", new { refresh_token = tokens.RefreshToken })).IsSuccessStatusCode);

        var before = reads.RevokedChecks;
        var response = await client.GetAsync("/api/auth/me");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        Assert.That(reads.RevokedChecks - before, Is.EqualTo(1), "revocation list reads for one refused request");
    }

    [Test]
    public async Task EachRequestOfOneToken_GetsItsOwnPrincipal()
    {
        using var api = new AtraApiFactory();
        await api.CreateLoginAsync("principal-user");
        var tokens = await api.LoginAsync("principal-user");
        var validator = api.Services.GetRequiredService<Atra.Modules.Auth.AccessTokenValidator>();

        var first = await validator.AuthenticateAsync(tokens.AccessToken, CancellationToken.None);
        var second = await validator.AuthenticateAsync(tokens.AccessToken, CancellationToken.None);
        Assert.That(first.Principal, Is.Not.Null);
        Assert.That(second.Principal, Is.Not.SameAs(first.Principal), "a remembered token still gives a principal per request");
        Assert.That(second.Principal!.Identity, Is.Not.SameAs(first.Principal!.Identity));
        first.Principal.Identities.First().AddClaim(new Claim("role", "admin"));
        var third = await validator.AuthenticateAsync(tokens.AccessToken, CancellationToken.None);
        Assert.That(third.Principal!.HasClaim("role", "admin"), Is.False, "what one request does to its User stays in that request");
        Assert.That(third.Principal.FindFirst("sub")?.Value, Is.EqualTo(first.Principal.FindFirst("sub")?.Value));
    }

    [Test]
    public void TheFlagThatKeepsWebApplicationFromAddingUseAuthentication_IsTheFrameworksName()
    {
        // UseAccessTokens() sets this flag by name; if ASP.NET Core renames it, this fails before requests are
        // authenticated twice (and the AccessTokenPipeline test above fails too).
        var field = typeof(Microsoft.AspNetCore.Builder.AuthAppBuilderExtensions).GetField("AuthenticationMiddlewareSetKey", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        Assert.That(field?.GetValue(null), Is.EqualTo("__AuthenticationMiddlewareSet"));
    }

    [Test]
    public void AuthorizationHandlers_AreNeverScoped_BecauseTheAuthorizationServicesAreSingletons()
    {
        using var folder = new TempFolder();
        IServiceCollection? services = null;
        var app = Atra.Host.Platform.AtraHost.BuildWeb([$"--Storage:Sqlite={Path.Combine(folder.Path, "atra.db")}", $"--Logs:Folder={folder.Path}"], b => services = b.Services);
        ((IDisposable)app).Dispose();
        var handlers = services!.Where(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandler)).ToList();
        Assert.That(handlers, Is.Not.Empty);
        Assert.That(handlers.Where(d => d.Lifetime == ServiceLifetime.Scoped).Select(d => d.ImplementationType?.Name), Is.Empty,
            "a scoped handler would be captured by the singleton authorization service");
        Assert.That(services!.Single(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationService)).Lifetime, Is.EqualTo(ServiceLifetime.Singleton));
    }

    private sealed class CountingCache(Atra.Modules.Shared.Coordination.ICache inner, CountingCache.Counts counts) : Atra.Modules.Shared.Coordination.ICache
    {
        public sealed class Counts
        {
            public int RevokedChecks;
        }

        public static void Decorate(IServiceCollection services, Counts counts)
        {
            var registered = services.Last(d => d.ServiceType == typeof(Atra.Modules.Shared.Coordination.ICache));
            services.Remove(registered);
            services.AddSingleton<Atra.Modules.Shared.Coordination.ICache>(sp =>
                new CountingCache((Atra.Modules.Shared.Coordination.ICache)registered.ImplementationFactory!(sp), counts));
        }

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            if (key.StartsWith("revoked-jti:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counts.RevokedChecks);
            }
            return inner.GetAsync(key, cancellationToken);
        }

        public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) => inner.SetAsync(key, value, timeToLive, cancellationToken);

        public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);
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
