using System.Text.Json;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Tests.Host;

namespace Atra.Tests.MLOps;

/// <summary>The status page's model card: the serving champion, its age and out-of-sample figures, and the last drift check.</summary>
public sealed class StatusCardTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("atra-status-card-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Summary_WithChampionAndDriftCheck_ShowsThemOnTheJsonAndThePage()
    {
        var registry = MLOpsTestModel.RegistryWithModel(_folder);
        registry.Move(a => (a with { Champion = 1, Champions = [1] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", null, 1, "test", "test")));
        var rows = MLOpsTestModel.Rows.Rows;
        var shifted = new RowSet(rows.Where((_, i) => i % 2 == 1).Select(r => r with { Features = [.. r.Features.Select((v, j) => j == 6 ? v * 1.8 : v)] }), "shifted");
        var checkedAt = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        registry.WriteDocument(MLOpsPipeline.DriftFile, DriftDetector.Compare(
            DriftDetector.BaselineOf(new RowSet(rows.Where((_, i) => i % 2 == 0), "even"), checkedAt, null, null), shifted, 0.05, 200, checkedAt));
        var card = registry.ReadCard(1)!;

        await using var host = await TestWebHost.StartAsync([$"--MLOps:RegistryFolder={_folder}", "--MLOps:AutomationEnabled=false"]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status/summary", UriKind.Relative)));
        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        var model = json.RootElement.GetProperty("model");
        var lines = model.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(model.GetProperty("serving").GetBoolean(), Is.True);
            Assert.That(model.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(model.GetProperty("trainer").GetString(), Is.EqualTo(card.Trainer));
            Assert.That(model.GetProperty("age_days").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(model.GetProperty("log_loss").GetDouble(), Is.EqualTo(card.Chosen!.LogLoss));
            Assert.That(model.GetProperty("drift").GetBoolean(), Is.True);
            Assert.That(model.GetProperty("drift_checked_at").GetDateTimeOffset(), Is.EqualTo(checkedAt));
            Assert.That(model.GetProperty("drifted_features").EnumerateArray().Select(f => f.GetString()), Does.Contain("atr_pct"));
            Assert.That(lines[0], Does.StartWith($"Champion v1 ({card.Trainer}), trained ").And.Contain($"on {card.Rows.Count} signals"));
            Assert.That(lines[1], Does.StartWith("Out of sample: log loss "));
            Assert.That(lines[^1], Does.StartWith("Last drift check 2026-12-01 03:00 UTC: drift in ").And.Contain("atr_pct"));
            Assert.That(page, Does.Contain(System.Net.WebUtility.HtmlEncode(lines[0])), "the server-rendered page shows the same card");
            Assert.That(json.RootElement.ToString(), Does.Not.Contain(_folder), "no path on the public page");
        });
    }
}
