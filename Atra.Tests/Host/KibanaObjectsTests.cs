using System.Text.Json;

namespace Atra.Tests.Host;

public class KibanaObjectsTests
{
    [Test]
    public void SavedObjects_EveryLineJson_DataViewAndSearch()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "deploy", "kibana", "atra-logs.ndjson")).Where(l => l.Length > 0).ToList();

        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        var dataView = objects.Single(o => o.GetProperty("type").GetString() == "index-pattern");
        Assert.That(dataView.GetProperty("attributes").GetProperty("title").GetString(), Is.EqualTo("atra-logs-*"));
        var search = objects.Single(o => o.GetProperty("type").GetString() == "search");
        Assert.That(search.GetProperty("references")[0].GetProperty("id").GetString(), Is.EqualTo(dataView.GetProperty("id").GetString()));
    }
}
