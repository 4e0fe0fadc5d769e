using System.Globalization;
using System.Text.RegularExpressions;
using Atra.Tests.Fakes;
using YamlDotNet.RepresentationModel;

namespace Atra.Tests.Deploy;

/// <summary>
/// docker-compose.yml as Docker Compose resolves it (Debian's docker-compose, with the placeholder .env CI uses):
/// only the proxy publishes ports, one health check, a stop grace that covers the outbox, forwarded headers trusted
/// from the proxy's address only, every variable documented in .env.example.
/// </summary>
public class ComposeTests
{
    private const string DockerCompose = "/usr/bin/docker-compose";

    [Test]
    public async Task Compose_PublishesNothingButTheProxy()
    {
        var services = await ResolvedServicesAsync();
        var published = new List<string>();

        foreach (var (name, service) in services)
        {
            Assert.That(DeployYaml.Scalar(service, "network_mode"), Is.Not.EqualTo("host"), $"{name} must not share the host's network");
            foreach (var port in DeployYaml.Sequence(service, "ports").Cast<YamlMappingNode>())
            {
                published.Add($"{name}:{DeployYaml.Scalar(port, "published")}/{DeployYaml.Scalar(port, "protocol") ?? "tcp"}");
            }
        }

        Assert.That(published, Is.EquivalentTo(new[] { "caddy:80/tcp", "caddy:443/tcp", "caddy:443/udp" }));
        Assert.That(services.Keys, Is.SupersetOf(new[] { "atra", "prometheus", "alertmanager", "elasticsearch", "redis", "kibana", "grafana", "kibana-setup" }));
    }

    [Test]
    public async Task Compose_AtraStopGrace_CoversTheOutboxShutdown()
    {
        var atra = (await ResolvedServicesAsync())["atra"];
        var grace = Duration(DeployYaml.Scalar(atra, "stop_grace_period") ?? "10s");
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Host.RepositoryRoot.Find(), "appsettings.json")))!;
        var outboxGrace = TimeSpan.Parse(settings["Telegram"]!["ShutdownGrace"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        // The sender keeps sending for ShutdownGrace and lets a request on the wire run up to 20 s more.
        Assert.That(grace, Is.GreaterThanOrEqualTo(outboxGrace + TimeSpan.FromSeconds(20)));
    }

    [Test]
    public async Task Compose_AtraHealthCheck_OnlyTheImagesOne()
    {
        var atra = (await ResolvedServicesAsync())["atra"];
        var dockerfile = File.ReadAllLines(Path.Combine(Host.RepositoryRoot.Find(), "Dockerfile"));

        Assert.That(atra.Children.ContainsKey(new YamlScalarNode("healthcheck")), Is.False, "the compose file must not define a second health check for atra");
        Assert.That(dockerfile.Count(l => l.TrimStart().StartsWith("HEALTHCHECK", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Compose_ForwardedHeaders_TrustedFromTheProxyOnly()
    {
        var services = await ResolvedServicesAsync();
        var proxyAddress = DeployYaml.Scalar(DeployYaml.Mapping(DeployYaml.Mapping(services["caddy"], "networks")!, "default")!, "ipv4_address");
        var trusted = DeployYaml.Mapping(services["atra"], "environment")!.Children
            .Where(kv => ((YamlScalarNode)kv.Key).Value!.StartsWith("Http__TrustedProxies", StringComparison.Ordinal))
            .Select(kv => ((YamlScalarNode)kv.Value).Value)
            .ToList();

        Assert.That(proxyAddress, Is.Not.Null.And.Not.Empty);
        Assert.That(trusted, Is.EqualTo(new[] { proxyAddress }));
    }

    [Test]
    public void Compose_EveryVariable_ListedInEnvExample()
    {
        var root = Host.RepositoryRoot.Find();
        var compose = File.ReadAllText(Path.Combine(root, "docker-compose.yml"));
        var example = File.ReadAllLines(Path.Combine(root, ".env.example"))
            .Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);

        var used = Regex.Matches(compose, @"(?<!\$)\$\{([A-Z0-9_]+)").Select(m => m.Groups[1].Value).Distinct();

        Assert.That(used.Where(v => !example.Contains(v)), Is.Empty, ".env.example is where operators learn what to set");
    }

    private static async Task<Dictionary<string, YamlMappingNode>> ResolvedServicesAsync()
    {
        DeployTool.Require(DockerCompose, "docker-compose");
        var root = Host.RepositoryRoot.Find();
        using var folder = new TempFolder();
        // The same placeholder .env as .ci/run: every empty value filled in.
        var env = folder.File("ci.env");
        await File.WriteAllLinesAsync(env, File.ReadAllLines(Path.Combine(root, ".env.example")).Select(l => l.EndsWith('=') ? l + "ci-placeholder" : l));

        var (exit, output) = await DeployTool.RunAsync(DockerCompose, ["--env-file", env, "-f", "docker-compose.yml", "config"], root);

        Assert.That(exit, Is.Zero, output);
        var services = DeployYaml.Parse(output).Mapping("services")!;
        return services.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (YamlMappingNode)kv.Value, StringComparer.Ordinal);
    }

    private static TimeSpan Duration(string text)
    {
        var match = Regex.Match(text, @"^(?:(\d+)m)?(?:(\d+)s)?$");
        Assert.That(match.Success, Is.True, $"unexpected duration '{text}'");
        return TimeSpan.FromMinutes(match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            + TimeSpan.FromSeconds(match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0);
    }
}
