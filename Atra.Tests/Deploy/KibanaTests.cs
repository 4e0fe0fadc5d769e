using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Atra.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Atra.Tests.Deploy;

/// <summary>
/// Kibana from zero: deploy/kibana/setup.sh (the compose kibana-setup service) run by sh with the real curl against
/// loopback servers speaking Elasticsearch's and Kibana's HTTP APIs, and the saved objects it imports.
/// </summary>
public class KibanaTests
{
    [Test]
    public void SavedObjects_DataViewSearchesAndDashboard_ReferenceEachOther()
    {
        var objects = File.ReadAllLines(DeployTool.DeployPath("kibana", "atra-logs.ndjson")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var ids = objects.ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("type").GetString()!);

        var dataView = objects.Single(o => o.GetProperty("type").GetString() == "index-pattern");
        Assert.That(dataView.GetProperty("attributes").GetProperty("title").GetString(), Is.EqualTo("atra-logs-*"));
        var searches = objects.Where(o => o.GetProperty("type").GetString() == "search").ToList();
        Assert.That(searches, Has.Count.GreaterThanOrEqualTo(3));
        var dashboard = objects.Single(o => o.GetProperty("type").GetString() == "dashboard");
        var panels = JsonDocument.Parse(dashboard.GetProperty("attributes").GetProperty("panelsJSON").GetString()!).RootElement;
        Assert.Multiple(() =>
        {
            foreach (var o in objects)
            {
                foreach (var reference in o.GetProperty("references").EnumerateArray())
                {
                    var id = reference.GetProperty("id").GetString()!;
                    Assert.That(ids.GetValueOrDefault(id), Is.EqualTo(reference.GetProperty("type").GetString()), $"{o.GetProperty("id")} refers to {id}");
                }
            }
            foreach (var panel in panels.EnumerateArray())
            {
                var name = $"{panel.GetProperty("panelIndex").GetString()}:{panel.GetProperty("panelRefName").GetString()}";
                Assert.That(dashboard.GetProperty("references").EnumerateArray().Any(r => r.GetProperty("name").GetString() == name), Is.True, name);
            }
            Assert.That(panels.GetArrayLength(), Is.EqualTo(searches.Count), "every saved search is on the dashboard");
        });
    }

    [Test]
    public async Task Setup_FreshStack_SetsKibanaSystemPasswordThenImportsTheSavedObjects()
    {
        await using var stack = await FakeElasticStack.StartAsync(elasticsearchUnavailableFor: 2, kibanaDegradedFor: 2);

        var (exit, output) = await RunSetupAsync(stack, "elastic-secret", "kibana-secret");

        Assert.That(exit, Is.Zero, output);
        Assert.That(stack.Requests.Select(r => r.What), Is.EqualTo(new[]
        {
            "es-health", "es-health", "es-health", "password", "kibana-status", "kibana-status", "kibana-status", "import",
        }), "waits for Elasticsearch, sets the password, waits for Kibana, imports");
        var password = stack.Requests.Single(r => r.What == "password");
        Assert.That(password.Authorization, Is.EqualTo("elastic:elastic-secret"));
        Assert.That(JsonDocument.Parse(password.Body).RootElement.GetProperty("password").GetString(), Is.EqualTo("kibana-secret"));
        var import = stack.Requests.Single(r => r.What == "import");
        Assert.That(import.Query, Is.EqualTo("?overwrite=true"));
        Assert.That(import.Xsrf, Is.EqualTo("true"));
        Assert.That(import.Body, Does.Contain(File.ReadAllText(DeployTool.DeployPath("kibana", "atra-logs.ndjson")).TrimEnd()));
    }

    [Test]
    public async Task Setup_WrongElasticPassword_FailsNamingIt_ImportsNothing()
    {
        await using var stack = await FakeElasticStack.StartAsync(acceptedPassword: "right");

        var (exit, output) = await RunSetupAsync(stack, "wrong", "kibana-secret");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("gave up waiting for Elasticsearch").Or.Contain("is ELASTIC_PASSWORD right?"));
        Assert.That(stack.Requests.Any(r => r.What == "import"), Is.False);
    }

    [Test]
    public async Task Setup_QuoteInPassword_RefusesBeforeAnyRequest()
    {
        await using var stack = await FakeElasticStack.StartAsync();

        var (exit, output) = await RunSetupAsync(stack, "elastic-secret", "bad\"password");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("KIBANA_SYSTEM_PASSWORD must not contain a quote"));
        Assert.That(stack.Requests, Is.Empty);
    }

    private static Task<(int ExitCode, string Output)> RunSetupAsync(FakeElasticStack stack, string elasticPassword, string kibanaPassword) =>
        DeployTool.RunAsync("/bin/sh", [DeployTool.DeployPath("kibana", "setup.sh")], environment: new Dictionary<string, string?>
        {
            ["ELASTICSEARCH_URL"] = stack.Elasticsearch,
            ["KIBANA_URL"] = stack.Kibana,
            ["ELASTIC_PASSWORD"] = elasticPassword,
            ["KIBANA_SYSTEM_PASSWORD"] = kibanaPassword,
            ["SETUP_ATTEMPTS"] = "5",
            ["SETUP_PAUSE"] = "0.05",
        });

    private sealed record Request(string What, string? Authorization, string Query, string? Xsrf, string Body);

    /// <summary>
    /// Elasticsearch (/_cluster/health, the security API) and Kibana (/kibana/api/status, saved objects import) on
    /// one loopback server, answering as they do while starting: 503 from Elasticsearch, "degraded" from Kibana.
    /// </summary>
    private sealed class FakeElasticStack : IAsyncDisposable
    {
        private readonly LoopbackServer _server;

        private FakeElasticStack(LoopbackServer server) => _server = server;

        public ConcurrentQueue<Request> Requests { get; } = new();

        public string Elasticsearch => _server.Address.ToString().TrimEnd('/') + "/es";

        public string Kibana => _server.Address.ToString().TrimEnd('/') + "/kibana";

        public static async Task<FakeElasticStack> StartAsync(int elasticsearchUnavailableFor = 0, int kibanaDegradedFor = 0, string acceptedPassword = "elastic-secret")
        {
            FakeElasticStack? stack = null;
            var (health, status) = (0, 0);
            var server = await LoopbackServer.StartAsync(app => app.Run(async context =>
            {
                var request = context.Request;
                var body = await new StreamReader(request.Body).ReadToEndAsync();
                var authorization = request.Headers.Authorization.ToString() is { Length: > 6 } basic
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(basic["Basic ".Length..]))
                    : null;
                var path = request.Path.Value!;
                var what = path switch
                {
                    "/es/_cluster/health" => "es-health",
                    "/es/_security/user/kibana_system/_password" when request.Method == "POST" => "password",
                    "/kibana/api/status" => "kibana-status",
                    "/kibana/api/saved_objects/_import" when request.Method == "POST" => "import",
                    _ => "unexpected " + request.Method + " " + path,
                };
                stack!.Requests.Enqueue(new Request(what, authorization, request.QueryString.Value ?? "", request.Headers["kbn-xsrf"].FirstOrDefault(), body));
                if (path.StartsWith("/es/", StringComparison.Ordinal) && authorization != "elastic:" + acceptedPassword)
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsync("""{"error":{"type":"security_exception","reason":"unable to authenticate user [elastic]"},"status":401}""");
                    return;
                }
                switch (what)
                {
                    case "es-health" when ++health <= elasticsearchUnavailableFor:
                        context.Response.StatusCode = 503;
                        await context.Response.WriteAsync("""{"error":{"type":"master_not_discovered_exception"},"status":503}""");
                        return;
                    case "es-health":
                        await context.Response.WriteAsync("""{"cluster_name":"docker-cluster","status":"yellow","timed_out":false}""");
                        return;
                    case "password":
                        await context.Response.WriteAsync("{}");
                        return;
                    case "kibana-status":
                        var level = ++status <= kibanaDegradedFor ? "degraded" : "available";
                        await context.Response.WriteAsync("{\"status\":{\"overall\":{\"level\":\"" + level + "\",\"summary\":\"...\"}}}");
                        return;
                    case "import":
                        await context.Response.WriteAsync("""{"success":true,"successCount":6,"successResults":[]}""");
                        return;
                    default:
                        context.Response.StatusCode = 404;
                        return;
                }
            }));
            stack = new FakeElasticStack(server);
            return stack;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
