using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;

namespace Atra.Tests.Users;

/// <summary>/api/users through the real host: ownership (404 for others), admin policy (403), settings, paging.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class UsersApiTests(StorageProvider engine)
{
    private AtraApiFactory _api = null!;
    private long _aliceId;
    private long _bobId;
    private TokenPair _alice = null!;
    private TokenPair _root = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new AtraApiFactory(engine: engine);
        _aliceId = (await _api.CreateLoginAsync("alice")).Id;
        _bobId = (await _api.CreateLoginAsync("bob")).Id;
        await _api.CreateLoginAsync("root", admin: true);
        _alice = await _api.LoginAsync("alice");
        _root = await _api.LoginAsync("root");
    }

    [OneTimeTearDown]
    public void StopHost() => _api?.Dispose();

    [Test]
    public async Task GetUser_AnotherUsersRecord_Answers404LikeAMissingOne()
    {
        using var client = _api.CreateClient(_alice.AccessToken);
        var other = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/users/{_bobId}"), HttpStatusCode.NotFound);
        var missing = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/999999"), HttpStatusCode.NotFound);
        Assert.That(other.GetProperty("detail").GetString(), Is.EqualTo(missing.GetProperty("detail").GetString()));
        Assert.That((await client.GetAsync($"/api/users/{_aliceId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var admin = _api.CreateClient(_root.AccessToken);
        Assert.That((await admin.GetAsync($"/api/users/{_bobId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AdminEndpoints_NonAdmin_Answer403()
    {
        using var client = _api.CreateClient(_alice.AccessToken);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync($"/api/users/{_aliceId}", new { is_admin = true }), HttpStatusCode.Forbidden);
        using var anonymous = _api.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/users"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/users/me/settings"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task MySettings_PutThenGet_RoundTrips()
    {
        var carol = await _api.CreateLoginAsync("carol");
        using var client = _api.CreateClient((await _api.LoginAsync("carol")).AccessToken);
        var put = await client.PutAsJsonAsync("/api/users/me/settings", new { language = "RU", leverage = 10, deposit = 2500.5m, filter_mode = "strict" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var settings = await client.GetFromJsonAsync<JsonElement>("/api/users/me/settings");
        Assert.Multiple(() =>
        {
            Assert.That(settings.GetProperty("language").GetString(), Is.EqualTo("ru"));
            Assert.That(settings.GetProperty("leverage").GetInt32(), Is.EqualTo(10));
            Assert.That(settings.GetProperty("deposit").GetDecimal(), Is.EqualTo(2500.5m));
            Assert.That(settings.GetProperty("filter_mode").GetString(), Is.EqualTo("strict"));
            Assert.That(settings.GetProperty("trade_mode").GetString(), Is.EqualTo("futures"), "fields left out keep their value");
        });
        var stored = await _api.Mediator.Send(new Atra.Modules.Users.Contracts.GetUserById(carol.Id));
        Assert.That(stored!.Settings.Deposit, Is.EqualTo(2500.5m));
    }

    [Test]
    public async Task MySettings_InvalidValues_400NamesEveryFieldAndChangesNothing()
    {
        await _api.CreateLoginAsync("dave");
        using var client = _api.CreateClient((await _api.LoginAsync("dave")).AccessToken);
        var before = await client.GetStringAsync("/api/users/me/settings");
        var response = await client.PutAsJsonAsync("/api/users/me/settings", new { language = "de", risk_tolerance = "yolo", leverage = 500, deposit = -1 });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "language", "risk_tolerance", "leverage", "deposit" })
        {
            Assert.That(errors.TryGetProperty(field, out var messages), Is.True, field);
            Assert.That(messages[0].GetString(), Does.StartWith(field + ":"));
        }
        Assert.That(await client.GetStringAsync("/api/users/me/settings"), Is.EqualTo(before));

        var spot = await client.PutAsJsonAsync("/api/users/me/settings", new { trade_mode = "spot", leverage = 5 });
        await ProblemAssert.IsProblemAsync(spot, HttpStatusCode.BadRequest);
        var typo = await client.PutAsJsonAsync("/api/users/me/settings", new { leverge = 5 });
        await ProblemAssert.IsProblemAsync(typo, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task ListUsers_Admin_PagesAndFilters()
    {
        for (var i = 0; i < 5; i++)
        {
            await _api.CreateLoginAsync($"page-user-{i}");
        }
        using var admin = _api.CreateClient(_root.AccessToken);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/users?page=2&page_size=2&search=page-user");
        Assert.Multiple(() =>
        {
            Assert.That(page.GetProperty("total").GetInt64(), Is.EqualTo(5));
            Assert.That(page.GetProperty("page").GetInt32(), Is.EqualTo(2));
            Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
            Assert.That(page.GetProperty("items")[0].GetProperty("username").GetString(), Is.EqualTo("page-user-2"));
            Assert.That(page.GetProperty("items")[0].TryGetProperty("password_hash", out _), Is.False);
        });
        var admins = await admin.GetFromJsonAsync<JsonElement>("/api/users?admin=true");
        Assert.That(admins.GetProperty("total").GetInt64(), Is.GreaterThanOrEqualTo(1));
        Assert.That(admins.GetProperty("items").EnumerateArray().All(u => u.GetProperty("is_admin").GetBoolean()), Is.True);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/users?page_size=1000"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/users?page=0"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/users?page=abc"), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task PatchUser_Admin_ChangesRoleAndSettings_ButNotThemselves()
    {
        var erin = await _api.CreateLoginAsync("erin");
        using var admin = _api.CreateClient(_root.AccessToken);
        var patch = await admin.PatchAsJsonAsync($"/api/users/{erin.Id}", new { is_admin = true, settings = new { risk_tolerance = "high" } });
        var body = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(patch.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("is_admin").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("settings").GetProperty("risk_tolerance").GetString(), Is.EqualTo("high"));

        var me = await admin.GetFromJsonAsync<JsonElement>("/api/auth/me");
        await ProblemAssert.IsProblemAsync(await admin.PatchAsJsonAsync($"/api/users/{me.GetProperty("id").GetInt64()}", new { is_admin = false }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PatchAsJsonAsync("/api/users/999999", new { is_active = false }), HttpStatusCode.NotFound);
    }
}
