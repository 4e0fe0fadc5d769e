using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Atra.Tests.Deploy;

/// <summary>
/// The alert rules in deploy/prometheus/rules (one file per area) and their promtool unit tests in
/// deploy/prometheus/tests (<c>NAME.test.yml</c> beside <c>NAME.yml</c>). Adding a rule file means adding its test
/// file; adding an alert means a test where it fires, one where it stays quiet on real input, and a README line.
/// </summary>
public class AlertRuleTests
{
    private const string Promtool = "/usr/bin/promtool";
    private static readonly string[] Severities = ["critical", "warning", "info"];

    public static IEnumerable<string> TestFiles() =>
        Directory.GetFiles(Path.Combine(SourceRoot(), "deploy", "prometheus", "tests"), "*.test.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(TestFiles))]
    public async Task PromtoolTestRules_TestFile_Passes(string file)
    {
        DeployTool.Require(Promtool, "prometheus");

        var (exit, output) = await DeployTool.RunAsync(Promtool, ["test", "rules", file], DeployTool.DeployPath("prometheus", "tests"));

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("SUCCESS"));
    }

    [Test]
    public async Task PromtoolCheckRules_EveryRuleFile_Valid()
    {
        DeployTool.Require(Promtool, "prometheus");
        var files = RuleFiles().Select(f => Path.Combine("rules", Path.GetFileName(f)));

        var (exit, output) = await DeployTool.RunAsync(Promtool, ["check", "rules", .. files], DeployTool.DeployPath("prometheus"));

        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public void RuleFiles_Each_HasItsTestFileNamingIt()
    {
        var tests = Directory.GetFiles(DeployTool.DeployPath("prometheus", "tests"), "*.test.yml");
        foreach (var rules in RuleFiles())
        {
            var name = Path.GetFileNameWithoutExtension(rules);
            var test = tests.SingleOrDefault(t => Path.GetFileName(t) == name + ".test.yml");
            Assert.That(test, Is.Not.Null, $"rules/{name}.yml has no tests/{name}.test.yml");
            var named = DeployYaml.Sequence(DeployYaml.Load(test!), "rule_files").Select(n => ((YamlScalarNode)n).Value);
            Assert.That(named, Does.Contain($"../rules/{name}.yml"), $"tests/{name}.test.yml does not load ../rules/{name}.yml");
        }
    }

    [Test]
    public void Alerts_Each_FiresInATestAndStaysQuietInAnotherFedWithData()
    {
        var cases = TestCases().ToList();
        var problems = new List<string>();
        foreach (var alert in Alerts())
        {
            var mine = cases.Where(c => c.Alert == alert.Name).ToList();
            if (!mine.Any(c => c.ExpectsAlerts))
            {
                problems.Add($"{alert.Name} ({alert.File}): no test where it fires");
            }
            if (!mine.Any(c => !c.ExpectsAlerts && c.HasInput))
            {
                problems.Add($"{alert.Name} ({alert.File}): no test where it stays quiet on input series");
            }
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Alerts_Each_HasUniqueNameSeveritySummaryAndDescription()
    {
        var alerts = Alerts().ToList();
        Assert.That(alerts, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(alerts.GroupBy(a => a.Name).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "alert names are unique across rule files");
            foreach (var alert in alerts)
            {
                Assert.That(Severities, Does.Contain(alert.Severity), $"{alert.Name}: labels.severity must be critical, warning or info (Alertmanager routes on it)");
                Assert.That(alert.Summary, Is.Not.Empty, $"{alert.Name}: annotations.summary");
                Assert.That(alert.Description, Is.Not.Empty, $"{alert.Name}: annotations.description");
            }
        });
    }

    [Test]
    public void Alerts_Each_ExplainedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(Host.RepositoryRoot.Find(), "README.md"));

        var missing = Alerts().Select(a => a.Name).Where(name => !readme.Contains($"`{name}`", StringComparison.Ordinal));

        Assert.That(missing, Is.Empty, "every alert needs a row in the README's alert table (what it means, what to do)");
    }

    [Test]
    public void RulesAndDashboards_UseOnlyDefinedMetrics()
    {
        var root = Host.RepositoryRoot.Find();
        var defined = File.ReadAllText(Path.Combine(root, "Atra.Modules", "Shared", "Metrics", "AtraMetrics.cs"));
        var text = string.Concat(RuleFiles().Select(File.ReadAllText))
            + string.Concat(Directory.GetFiles(DeployTool.DeployPath("grafana", "dashboards"), "*.json").Select(File.ReadAllText));

        var used = Regex.Matches(text, "atra_[a-z0-9_]+").Select(m => Regex.Replace(m.Value, "_(bucket|count|sum)$", string.Empty)).Distinct();

        Assert.That(used.Where(name => !defined.Contains($"\"{name}\"", StringComparison.Ordinal)), Is.Empty);
    }

    internal sealed record Alert(string File, string Name, string Severity, string Summary, string Description);

    private sealed record RuleTestCase(string File, string Alert, bool ExpectsAlerts, bool HasInput);

    internal static IEnumerable<string> RuleFiles() =>
        Directory.GetFiles(DeployTool.DeployPath("prometheus", "rules"), "*.yml").Order(StringComparer.Ordinal);

    internal static IEnumerable<Alert> Alerts()
    {
        foreach (var file in RuleFiles())
        {
            foreach (var group in DeployYaml.Sequence(DeployYaml.Load(file), "groups").Cast<YamlMappingNode>())
            {
                foreach (var rule in DeployYaml.Sequence(group, "rules").Cast<YamlMappingNode>())
                {
                    if (DeployYaml.Scalar(rule, "alert") is not { } name)
                    {
                        continue;
                    }
                    var labels = DeployYaml.Mapping(rule, "labels");
                    var annotations = DeployYaml.Mapping(rule, "annotations");
                    yield return new Alert(
                        Path.GetFileName(file), name,
                        labels is null ? "" : DeployYaml.Scalar(labels, "severity") ?? "",
                        annotations is null ? "" : DeployYaml.Scalar(annotations, "summary") ?? "",
                        annotations is null ? "" : DeployYaml.Scalar(annotations, "description") ?? "");
                }
            }
        }
    }

    private static IEnumerable<RuleTestCase> TestCases()
    {
        foreach (var file in Directory.GetFiles(DeployTool.DeployPath("prometheus", "tests"), "*.test.yml"))
        {
            foreach (var test in DeployYaml.Sequence(DeployYaml.Load(file), "tests").Cast<YamlMappingNode>())
            {
                var hasInput = DeployYaml.Sequence(test, "input_series").Any();
                foreach (var check in DeployYaml.Sequence(test, "alert_rule_test").Cast<YamlMappingNode>())
                {
                    var expected = DeployYaml.Sequence(check, "exp_alerts").Any();
                    yield return new RuleTestCase(Path.GetFileName(file), DeployYaml.Scalar(check, "alertname") ?? "", expected, hasInput);
                }
            }
        }
    }

    /// <summary>The checkout, found from the test assembly's folder (test case sources run before any TestContext).</summary>
    private static string SourceRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Atra.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Atra.sln not found above " + AppContext.BaseDirectory);
    }
}
