using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Atra.Host;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Fakes;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Atra.Tests.Auth;

/// <summary>
/// The real host (CLI entry point, every module, the HTTP pipeline) on a temp data folder, with a fake clock,
/// cheap password hashing (1,000 iterations instead of 600,000, to keep tests fast) and, optionally, Redis.
/// </summary>
public sealed class AtraApiFactory : WebApplicationFactory<Program>
{
    public const string TestSigningKey = "k3Q9vT7pX2mL8nR4wY6zB1cD5fG0hJ-atra-tests-only-a7f3e9b2c4d6";

    private readonly Dictionary<string, string?> _settings;

    /// <param name="engine">The storage engine; <see cref="TestEngines.Default"/> when null.</param>
    public AtraApiFactory(string? redis = null, IDictionary<string, string?>? settings = null, string? folder = null, StorageProvider? engine = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("atra-api-").FullName;
        // The folder outlives the factory (tests restart the host on it), and so does the database.
        var database = new TestDatabase(Folder, engine, reusable: true);
        _settings = new Dictionary<string, string?>(database.Settings, StringComparer.Ordinal)
        {
            ["Storage:BackupFolder"] = Path.Combine(Folder, "backups"),
            ["Storage:LegacyUsersFile"] = Path.Combine(Folder, "no-legacy-users.json"),
            ["Logs:Folder"] = Path.Combine(Folder, "logs"),
            // No market feed: API tests own every signal they list (the demo's samples/ sit beside the program).
            ["Market:Replay:Folder"] = Directory.CreateDirectory(Path.Combine(Folder, "no-candles")).FullName,
            ["Jwt:SigningKey"] = TestSigningKey,
            ["Auth:RateLimitPermits"] = "100000",
            ["Redis:Configuration"] = redis ?? "",
            ["Redis:KeyPrefix"] = $"atra-test-{Guid.NewGuid():N}:",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                _settings[key] = value;
            }
        }
    }

    public string Folder { get; }

    public FakeTimeProvider Clock { get; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<PasswordHasher>();
            services.AddSingleton(new PasswordHasher(1_000));
        });
    }

    public IMediator Mediator => Services.GetRequiredService<IMediator>();

    public async Task<UserDto> CreateLoginAsync(string username, string password = "correct-horse-42", bool admin = false) =>
        await Mediator.Send(new CreateLogin(username, password, admin));

    public async Task<TokenPair> LoginAsync(string username, string password = "correct-horse-42")
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username, password });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>(Json))!;
    }

    public HttpClient CreateClient(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A client whose requests reach the host from <paramref name="address"/> (the connection's peer address).</summary>
    public HttpClient CreateClientFrom(string address)
    {
        var peer = System.Net.IPAddress.Parse(address);
        return new HttpClient(Server.CreateHandler(context => context.Connection.RemoteIpAddress = peer)) { BaseAddress = Server.BaseAddress };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

/// <summary>The token answer as a client reads it.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);
