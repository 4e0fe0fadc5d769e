using System.Text.Json;
using Atra.Tests.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Host;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (UI at <c>/docs</c>) describes the API as INTERFACES.md names it.</summary>
public sealed class OpenApiDocumentTests
{
    // INTERFACES.md, "REST API": every HTTP route it names (the status page and /metrics are not API operations).
    private static readonly string[] InterfaceRoutes =
    [
        "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/logout", "GET /api/auth/me",
        "GET /api/signals", "GET /api/signals/{id}",
        "GET /api/positions", "POST /api/positions", "POST /api/positions/{id}/close",
        "GET /api/stats", "GET /api/users/me/settings", "PUT /api/users/me/settings",
        "GET /api/users", "PATCH /api/users/{id}", "GET /api/mlops/models", "GET /api/mlops/drift",
        "POST /api/mlops/retrain", "POST /api/backtests", "GET /api/backtests/{id}",
        "GET /health/live", "GET /health/ready",
    ];

    private static readonly string[] AnonymousOperations = ["POST /api/auth/login", "POST /api/auth/refresh", "GET /health/live", "GET /health/ready"];

    private AtraApiFactory _api = null!;
    private JsonDocument _document = null!;

    [OneTimeSetUp]
    public async Task FetchDocument()
    {
        _api = new AtraApiFactory();
        using var client = _api.CreateClient();
        _document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _document.Dispose();
        _api.Dispose();
    }

    private Dictionary<string, JsonElement> Operations()
    {
        var operations = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in _document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations[$"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}"] = operation.Value;
            }
        }
        return operations;
    }

    // "/api/signals/{id}" and "/api/signals/{id:long}" are one route; a trailing slash is not a different route.
    private static string Normalize(string route)
    {
        var parts = route.TrimEnd('/').Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                parts[i] = "{id}";
            }
        }
        return parts.Length == 0 ? "/" : string.Join('/', parts);
    }

    private HashSet<string> MappedRoutes()
    {
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods)
            {
                routes.Add($"{method} {Normalize("/" + endpoint.RoutePattern.RawText?.TrimStart('/'))}");
            }
        }
        return routes;
    }

    [Test]
    public void Document_DeclaresTheBearerScheme()
    {
        var scheme = _document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Multiple(() =>
        {
            Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("http"));
            Assert.That(scheme.GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
            Assert.That(scheme.GetProperty("bearerFormat").GetString(), Is.EqualTo("JWT"));
        });
    }

    [Test]
    public void EveryInterfaceRoute_IsServedAndDocumented()
    {
        var mapped = MappedRoutes();
        var operations = Operations();

        Assert.That(mapped, Does.Contain("GET /api/signals").And.Contain("POST /api/auth/login"), "the route table was read");
        Assert.Multiple(() =>
        {
            Assert.That(InterfaceRoutes.Where(r => !mapped.Contains(r)), Is.Empty, "named in INTERFACES.md but not served");
            Assert.That(InterfaceRoutes.Where(r => !operations.ContainsKey(r)), Is.Empty, "missing from the OpenAPI document");
        });
    }

    [Test]
    public void Document_ProtectedOperations_ReferenceTheBearerScheme()
    {
        var operations = Operations();
        var protectedOperations = operations.Keys.Where(k => k.Contains(" /api/", StringComparison.Ordinal) && !AnonymousOperations.Contains(k)).ToList();
        Assert.That(protectedOperations, Does.Contain("GET /api/signals").And.Contain("GET /api/auth/me"));
        // The signals page is written as cached bytes; its 200 answer is still described by the SignalPage schema.
        Assert.That(operations["GET /api/signals"].GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").TryGetProperty("schema", out _), Is.True);

        Assert.Multiple(() =>
        {
            foreach (var key in protectedOperations)
            {
                var schemes = operations[key].TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList()
                    : [];
                Assert.That(schemes, Does.Contain("Bearer"), key);
            }
            foreach (var key in AnonymousOperations.Where(operations.ContainsKey))
            {
                Assert.That(operations[key].TryGetProperty("security", out _), Is.False, key + " needs no token");
            }
        });
    }

    [Test]
    public async Task Docs_ScalarUi_IsServed()
    {
        using var client = _api.CreateClient();
        var response = await client.GetAsync(new Uri("/docs", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("scalar").IgnoreCase);
    }
}
