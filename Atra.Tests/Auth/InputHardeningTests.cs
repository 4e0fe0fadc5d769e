using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Atra.Tests.Auth;

/// <summary>
/// Hostile input on every endpoint with a body or a string parameter: malformed JSON, wrong types, oversized
/// bodies, SQL-looking strings. Each gets a 4xx problem (never a 500) and the database is byte-for-byte the same.
/// </summary>
public sealed class InputHardeningTests
{
    private static readonly string[] SqlLooking =
    [
        "' OR '1'='1",
        "'; DROP TABLE users; --",
        "admin'--",
        "1; UPDATE users SET is_admin = 1",
        "\" OR \"\"=\"",
        "%' UNION SELECT password_hash FROM users --",
    ];

    private AtraApiFactory _api = null!;
    private TokenPair _user = null!;
    private TokenPair _admin = null!;
    private long _userId;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new AtraApiFactory();
        _userId = (await _api.CreateLoginAsync("victim")).Id;
        await _api.CreateLoginAsync("root", admin: true);
        _user = await _api.LoginAsync("victim");
        _admin = await _api.LoginAsync("root");
    }

    [OneTimeTearDown]
    public void StopHost() => _api?.Dispose();

    private static readonly (string Method, string Path, bool Admin)[] BodyEndpoints =
    [
        ("POST", "/api/auth/login", false),
        ("POST", "/api/auth/refresh", false),
        ("POST", "/api/auth/logout", false),
        ("PUT", "/api/users/me/settings", false),
        ("PATCH", "/api/users/{id}", true),
    ];

    private static readonly string[] MalformedBodies =
    [
        "{", "{\"username\": }", "[]", "null", "\"text\"", "{\"username\":\"a\",}", "{'username':'a'}", "\u0000",
        "{\"username\":1,\"password\":2}", "{\"password\":true}", "{\"refresh_token\":{}}", "{\"leverage\":\"ten\"}",
        "{\"leverage\":1.5}", "{\"deposit\":\"100\"}", "{\"deposit\":1e400}", "{\"leverage\":99999999999}", "{\"is_admin\":\"yes\"}",
        "{\"settings\":[]}", "{\"language\":[\"en\"]}",
    ];

    [Test]
    public async Task EveryBodyEndpoint_MalformedOrMistypedJson_4xxProblemAndNoChange()
    {
        var before = Snapshot();
        foreach (var (method, path, admin) in BodyEndpoints)
        {
            foreach (var body in MalformedBodies)
            {
                if (path == "/api/auth/logout" && body == "null")
                {
                    // Logout's body is optional and a JSON null is its absence: a valid logout, not bad input.
                    continue;
                }
                using var response = await SendAsync(method, path, admin, new StringContent(body, Encoding.UTF8, "application/json"));
                await ProblemAssert.IsClientErrorProblemAsync(response, $"{method} {path} {body}");
            }
            using var plain = await SendAsync(method, path, admin, new StringContent("username=a", Encoding.UTF8, "text/plain"));
            await ProblemAssert.IsClientErrorProblemAsync(plain, $"{method} {path} text/plain");
        }
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task EveryBodyEndpoint_OversizedBody_413ProblemAndNoChange()
    {
        var before = Snapshot();
        var huge = "{\"username\":\"" + new string('a', 70 * 1024) + "\",\"password\":\"x\"}";
        foreach (var (method, path, admin) in BodyEndpoints)
        {
            using var declared = await SendAsync(method, path, admin, new StringContent(huge, Encoding.UTF8, "application/json"));
            await ProblemAssert.IsProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge);

            // No Content-Length (chunked): refused once the body goes past the cap.
            var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var streamed = await SendAsync(method, path, admin, chunked, chunkedTransfer: true);
            await ProblemAssert.IsProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task EveryStringParameter_SqlLookingValue_4xxProblemAndNoChange()
    {
        var before = Snapshot();
        foreach (var sql in SqlLooking)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(sql);
            var cases = new (string Method, string Path, bool Admin, string? Body)[]
            {
                ("POST", "/api/auth/login", false, $"{{\"username\":{json},\"password\":\"x\"}}"),
                ("POST", "/api/auth/login", false, $"{{\"username\":\"victim\",\"password\":{json}}}"),
                ("POST", "/api/auth/refresh", false, $"{{\"refresh_token\":{json}}}"),
                ("POST", "/api/auth/logout", false, $"{{\"refresh_token\":{json}}}"),
                ("PUT", "/api/users/me/settings", false, $"{{\"language\":{json}}}"),
                ("PUT", "/api/users/me/settings", false, $"{{\"risk_tolerance\":{json}}}"),
                ("PUT", "/api/users/me/settings", false, $"{{\"filter_mode\":{json}}}"),
                ("PUT", "/api/users/me/settings", false, $"{{\"trade_mode\":{json}}}"),
                ("PATCH", "/api/users/{id}", true, $"{{\"settings\":{{\"language\":{json}}}}}"),
                ("PATCH", "/api/users/{id}", true, $"{{\"settings\":{{\"trade_mode\":{json}}}}}"),
                ("GET", "/api/users?search=" + Uri.EscapeDataString(sql), true, null),
                ("GET", "/api/users/" + Uri.EscapeDataString(sql), true, null),
                ("PATCH", "/api/users/" + Uri.EscapeDataString(sql), true, "{\"is_admin\":true}"),
            };
            foreach (var (method, path, admin, body) in cases)
            {
                using var response = await SendAsync(method, path, admin, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));
                await ProblemAssert.IsClientErrorProblemAsync(response, $"{method} {path} {body}");
            }
        }
        Assert.That(Snapshot(), Is.EqualTo(before));

        // The tokens still work: nothing was revoked by the hostile calls.
        using var client = _api.CreateClient(_user.AccessToken);
        Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, bool admin, HttpContent? content, bool chunkedTransfer = false)
    {
        using var client = _api.CreateClient(admin ? _admin.AccessToken : _user.AccessToken);
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", _userId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)) { Content = content };
        if (chunkedTransfer)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        return await client.SendAsync(request);
    }

    /// <summary>Every row of every table Auth and Users own, as text.</summary>
    private string Snapshot()
    {
        var builder = new StringBuilder();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_api.Folder, "atra.db")};Pooling=False");
        connection.Open();
        foreach (var table in new[] { "users", "user_settings", "refresh_tokens", "revoked_access_tokens" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    builder.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString()).Append('|');
                }
                builder.AppendLine();
            }
        }
        return builder.ToString();
    }
}
