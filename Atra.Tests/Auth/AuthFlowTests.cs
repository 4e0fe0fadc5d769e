using System.Net;
using System.Net.Http.Json;
using Atra.Modules.Shared.Coordination;
using Atra.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Auth;

/// <summary>The whole session life cycle, once with the in-process stores and once against a real redis-server.</summary>
[TestFixture("in-process")]
[TestFixture("redis")]
public sealed class AuthFlowTests(string backend)
{
    private AtraApiFactory _api = null!;

    private bool UsesRedis => backend == "redis";

    [SetUp]
    public void StartHost()
    {
        _api = new AtraApiFactory(
            redis: UsesRedis ? RedisServer.Shared.Configuration : null,
            // Redis measures expiry on its own clock, so its lockout is short enough to wait out for real.
            settings: UsesRedis ? new Dictionary<string, string?> { ["Auth:LockoutDuration"] = "00:00:02" } : null);
    }

    [TearDown]
    public void StopHost() => _api?.Dispose();

    [Test]
    public void Host_Backend_IsTheOneConfigured()
    {
        var cache = _api.Services.GetRequiredService<ICache>();
        Assert.That(cache.GetType().Name, Is.EqualTo(UsesRedis ? "RedisCoordination" : "InProcessCoordination"));
    }

    [Test]
    public async Task LoginMeRefreshLogout_FullFlow_Works()
    {
        var user = await _api.CreateLoginAsync("alice");
        var tokens = await _api.LoginAsync("alice");
        Assert.Multiple(() =>
        {
            Assert.That(tokens.TokenType, Is.EqualTo("Bearer"));
            Assert.That(tokens.ExpiresIn, Is.EqualTo(900));
            Assert.That(tokens.RefreshToken, Has.Length.GreaterThanOrEqualTo(40));
        });

        using (var client = _api.CreateClient(tokens.AccessToken))
        {
            var me = await client.GetFromJsonAsync<Dictionary<string, object>>("/api/auth/me");
            Assert.That(me!["id"].ToString(), Is.EqualTo(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(me["username"].ToString(), Is.EqualTo("alice"));
            Assert.That(me["role"].ToString(), Is.EqualTo("user"));
        }

        using var anonymous = _api.CreateClient();
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = tokens.RefreshToken });
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refreshed.Headers.CacheControl?.NoStore, Is.True);
        var second = (await refreshed.Content.ReadFromJsonAsync<TokenPair>(AtraApiFactory.Json))!;
        Assert.That(second.RefreshToken, Is.Not.EqualTo(tokens.RefreshToken));

        using (var client = _api.CreateClient(second.AccessToken))
        {
            Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = second.RefreshToken });
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

            // The access token is dead although it has not expired, and so is the refresh token.
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        }
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = second.RefreshToken }), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Logout_WithTheAccessTokenOnly_TheSessionCannotBeRefreshed()
    {
        await _api.CreateLoginAsync("leaver");
        var tokens = await _api.LoginAsync("leaver");
        using (var client = _api.CreateClient(tokens.AccessToken))
        {
            Assert.That((await client.PostAsync("/api/auth/logout", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var anonymous = _api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = tokens.RefreshToken }), HttpStatusCode.Unauthorized);
        // Another session of the same user is not this one.
        var other = await _api.LoginAsync("leaver");
        using var otherClient = _api.CreateClient(other.AccessToken);
        Assert.That((await otherClient.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RoleChange_DemotedAdminsLiveToken_IsRefusedAtOnce_AndARefreshCarriesTheNewRole()
    {
        await _api.CreateLoginAsync("chief", admin: true);
        var demoted = await _api.CreateLoginAsync("deputy", admin: true);
        var chief = await _api.LoginAsync("chief");
        var deputy = await _api.LoginAsync("deputy");
        using var deputyClient = _api.CreateClient(deputy.AccessToken);
        // Validated (and remembered) as an admin's token.
        Assert.That((await deputyClient.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using (var chiefClient = _api.CreateClient(chief.AccessToken))
        {
            var patch = await chiefClient.PatchAsJsonAsync($"/api/users/{demoted.Id}", new { is_admin = false });
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await ProblemAssert.IsProblemAsync(await deputyClient.GetAsync("/api/users"), HttpStatusCode.Unauthorized);
        using var anonymous = _api.CreateClient();
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = deputy.RefreshToken });
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the session survives a role change");
        var again = (await refreshed.Content.ReadFromJsonAsync<TokenPair>(AtraApiFactory.Json))!;
        using var demotedClient = _api.CreateClient(again.AccessToken);
        await ProblemAssert.IsProblemAsync(await demotedClient.GetAsync("/api/users"), HttpStatusCode.Forbidden);
        Assert.That((await demotedClient.GetFromJsonAsync<Dictionary<string, object>>("/api/auth/me"))!["role"].ToString(), Is.EqualTo("user"));
    }

    [Test]
    public async Task RoleChange_PromotedUsersOldToken_IsRefused_AndARefreshCarriesTheAdminRole()
    {
        await _api.CreateLoginAsync("boss", admin: true);
        var promoted = await _api.CreateLoginAsync("newcomer");
        var boss = await _api.LoginAsync("boss");
        var newcomer = await _api.LoginAsync("newcomer");
        using var oldClient = _api.CreateClient(newcomer.AccessToken);
        Assert.That((await oldClient.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using (var bossClient = _api.CreateClient(boss.AccessToken))
        {
            Assert.That((await bossClient.PatchAsJsonAsync($"/api/users/{promoted.Id}", new { is_admin = true })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await ProblemAssert.IsProblemAsync(await oldClient.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        using var anonymous = _api.CreateClient();
        var again = (await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = newcomer.RefreshToken })).Content.ReadFromJsonAsync<TokenPair>(AtraApiFactory.Json))!;
        using var adminClient = _api.CreateClient(again.AccessToken);
        Assert.That((await adminClient.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Logout_AfterRestart_AccessTokenStaysRevoked()
    {
        await _api.CreateLoginAsync("restart");
        var tokens = await _api.LoginAsync("restart");
        using (var client = _api.CreateClient(tokens.AccessToken))
        {
            Assert.That((await client.PostAsync("/api/auth/logout", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }
        var folder = _api.Folder;
        _api.Dispose();

        // A new process on the same data (with Redis: a fresh key prefix, as if Redis had lost its data too):
        // the revocation was persisted in SQLite and is enforced again.
        _api = new AtraApiFactory(redis: UsesRedis ? RedisServer.Shared.Configuration : null, folder: folder);
        using var again = _api.CreateClient(tokens.AccessToken);
        await ProblemAssert.IsProblemAsync(await again.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Refresh_RotatedTokenPresentedAgain_RevokesWholeFamily()
    {
        await _api.CreateLoginAsync("bob");
        var first = await _api.LoginAsync("bob");
        using var anonymous = _api.CreateClient();
        var second = (await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = first.RefreshToken }))
            .Content.ReadFromJsonAsync<TokenPair>(AtraApiFactory.Json))!;

        // A thief replays the first refresh token: refused, and the legitimate successor dies with it.
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = first.RefreshToken }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = second.RefreshToken }), HttpStatusCode.Unauthorized);
        using var client = _api.CreateClient(second.AccessToken);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);

        // Another login (another family) is unaffected.
        var other = await _api.LoginAsync("bob");
        using var otherClient = _api.CreateClient(other.AccessToken);
        Assert.That((await otherClient.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Login_FiveFailures_LocksUsernameUntilLockoutEnds()
    {
        await _api.CreateLoginAsync("carol");
        using var client = _api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { username = "carol", password = "wrong-password" }), HttpStatusCode.Unauthorized);
        }

        // Locked: even the right password gets 429 with Retry-After.
        var locked = await client.PostAsJsonAsync("/api/auth/login", new { username = "carol", password = "correct-horse-42" });
        var problem = await ProblemAssert.IsProblemAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero));

        // The answer for a username that does not exist is the same.
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { username = "nobody-here", password = "wrong-password" });
        }
        var ghost = await client.PostAsJsonAsync("/api/auth/login", new { username = "nobody-here", password = "whatever-else" });
        var ghostProblem = await ProblemAssert.IsProblemAsync(ghost, HttpStatusCode.TooManyRequests);
        Assert.That(ghostProblem.GetProperty("detail").GetString(), Is.EqualTo(problem.GetProperty("detail").GetString()));
        Assert.That(ghostProblem.GetProperty("title").GetString(), Is.EqualTo(problem.GetProperty("title").GetString()));
        Assert.That(ghost.Headers.RetryAfter, Is.Not.Null);

        // After the lockout the right password works again.
        if (UsesRedis)
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
        }
        else
        {
            _api.Clock.Advance(TimeSpan.FromMinutes(29));
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { username = "carol", password = "correct-horse-42" }), HttpStatusCode.TooManyRequests);
            _api.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        }
        var ok = await client.PostAsJsonAsync("/api/auth/login", new { username = "carol", password = "correct-horse-42" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Login_SuccessBeforeFifthFailure_ResetsTheCount()
    {
        await _api.CreateLoginAsync("dave");
        using var client = _api.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { username = "dave", password = "wrong-password" });
        }
        await _api.LoginAsync("dave");
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { username = "DAVE", password = "wrong-password" });
        }
        await _api.LoginAsync("dave");
    }

    [Test]
    public async Task DeactivatedUser_TokensStopWorking()
    {
        await _api.CreateLoginAsync("root", admin: true);
        var user = await _api.CreateLoginAsync("erin");
        var erin = await _api.LoginAsync("erin");
        var root = await _api.LoginAsync("root");
        using (var before = _api.CreateClient(erin.AccessToken))
        {
            // Used once before, so the deactivation has to beat a remembered, valid token.
            Assert.That((await before.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var admin = _api.CreateClient(root.AccessToken))
        {
            var patch = await admin.PatchAsJsonAsync($"/api/users/{user.Id}", new { is_active = false });
            Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patch.Content.ReadAsStringAsync());
        }
        using var client = _api.CreateClient(erin.AccessToken);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
        using var anonymous = _api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = erin.RefreshToken }), HttpStatusCode.Unauthorized);
        // The right password of a disabled account: 403, and no token.
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "erin", password = "correct-horse-42" }), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task AuthEndpoints_PerAddressRateLimit_Answers429()
    {
        _api.Dispose();
        _api = new AtraApiFactory(redis: UsesRedis ? RedisServer.Shared.Configuration : null,
            settings: new Dictionary<string, string?> { ["Auth:RateLimitPermits"] = "3" });
        using var client = _api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = "nope" });
        }
        var limited = await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = "nope" });
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
    }
}
