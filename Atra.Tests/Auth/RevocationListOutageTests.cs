using System.Net;
using Atra.Modules.Shared.Coordination;
using Atra.Tests.Fakes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Auth;

/// <summary>With Redis configured, every authenticated request checks the revocation list there; when Redis is
/// unreachable the API fails closed with a 503 problem (not a 401 that would send a good client back to log in, and
/// not a bare 500), and recovers by itself.</summary>
public sealed class RevocationListOutageTests
{
    private sealed class FailingCache(ICache inner) : ICache
    {
        public volatile bool Down;

        public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            Down ? throw new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, "test: Redis is down") : inner.GetAsync(key, cancellationToken);

        public Task SetAsync(string key, string value, TimeSpan timeToLive, CancellationToken cancellationToken = default) => inner.SetAsync(key, value, timeToLive, cancellationToken);

        public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);
    }

    [Test]
    public async Task RedisDown_AuthenticatedRequest_Is503Problem_ThenRecovers()
    {
        FailingCache? cache = null;
        using var api = new AtraApiFactory(redis: RedisServer.Shared.Configuration);
        using var host = api.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(ICache));
            services.Remove(registered);
            services.AddSingleton<ICache>(sp => cache = new FailingCache((ICache)registered.ImplementationFactory!(sp)));
        }));
        await api.CreateLoginAsync("outage-user");
        string token;
        using (var anonymous = host.CreateClient())
        {
            var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(anonymous, "/api/auth/login", new { username = "outage-user", password = "correct-horse-42" });
            token = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TokenPair>(login.Content, AtraApiFactory.Json))!.AccessToken;
        }
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        cache!.Down = true;
        var refused = await client.GetAsync("/api/auth/me");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("revocation list").And.Not.Contain(token));
        cache.Down = false;
        Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
