using System.Net;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Tests.Auth;

/// <summary>Every forged, altered or stale access token is refused with 401; only the genuine one passes.</summary>
public sealed class TokenTamperingTests
{
    private AtraApiFactory _api = null!;
    private long _userId;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new AtraApiFactory();
        _userId = (await _api.CreateLoginAsync("mallory")).Id;
    }

    [OneTimeTearDown]
    public void StopHost() => _api?.Dispose();

    private string Forge(string key = AtraApiFactory.TestSigningKey, string issuer = "atra", string audience = "atra-api",
        DateTimeOffset? expires = null, string role = "user", string? algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = _api.Clock.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime.AddMinutes(-1),
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = (expires ?? now.AddMinutes(10)).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = _userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["role"] = role,
            },
        };
        if (algorithm is not null)
        {
            descriptor.SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm);
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var client = _api.CreateClient(token);
        var response = await client.GetAsync("/api/auth/me");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await ProblemAssert.IsProblemAsync(response, response.StatusCode);
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // RFC 6750: a token that was sent and refused is an invalid_token challenge.
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        }
        return response.StatusCode;
    }

    [Test]
    public async Task NoToken_IsChallengedWithoutAnError()
    {
        using var client = _api.CreateClient();
        var response = await client.GetAsync("/api/auth/me");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Token_ForgedWithTheRightKey_IsAccepted()
    {
        // The control: the forging helper makes tokens the host accepts, so each refusal below is about one change.
        Assert.That(await MeAsync(Forge()), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Token_AlgNone_IsRejected()
    {
        var unsigned = Forge(algorithm: null);
        Assert.That(unsigned.Split('.')[2], Is.Empty, "an unsigned JWT");
        Assert.That(await MeAsync(unsigned), Is.EqualTo(HttpStatusCode.Unauthorized));

        // A hand-made header claiming "none" on a real token's payload.
        var real = (await _api.LoginAsync("mallory")).AccessToken.Split('.');
        var none = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + real[1] + ".";
        Assert.That(await MeAsync(none), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Token_WrongKey_IsRejected() =>
        Assert.That(await MeAsync(Forge(key: "another-key-of-the-same-length-9f8e7d6c5b4a3210zyxw")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Token_OtherAlgorithm_IsRejected() =>
        Assert.That(await MeAsync(Forge(key: AtraApiFactory.TestSigningKey + AtraApiFactory.TestSigningKey, algorithm: SecurityAlgorithms.HmacSha512)), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Token_TamperedPayload_IsRejected()
    {
        var parts = (await _api.LoginAsync("mallory")).AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        Assert.That(payload, Does.Contain("\"role\":\"user\""));
        var promoted = Base64UrlEncoder.Encode(payload.Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal));
        Assert.That(await MeAsync($"{parts[0]}.{promoted}.{parts[2]}"), Is.EqualTo(HttpStatusCode.Unauthorized));

        using var client = _api.CreateClient($"{parts[0]}.{promoted}.{parts[2]}");
        Assert.That((await client.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Token_WrongIssuer_IsRejected() =>
        Assert.That(await MeAsync(Forge(issuer: "someone-else")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Token_WrongAudience_IsRejected() =>
        Assert.That(await MeAsync(Forge(audience: "another-api")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Token_PastExpiry_IsRejected()
    {
        var token = (await _api.LoginAsync("mallory")).AccessToken;
        Assert.That(await MeAsync(token), Is.EqualTo(HttpStatusCode.OK));
        _api.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        try
        {
            Assert.That(await MeAsync(token), Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            _api.Clock.Advance(-(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1)));
        }
        Assert.That(await MeAsync(Forge(expires: _api.Clock.GetUtcNow().AddSeconds(-1))), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("")]
    [TestCase("not-a-jwt")]
    [TestCase("a.b.c")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9.e30.")]
    public async Task Token_Garbage_IsRejected(string token)
    {
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
    }
}
