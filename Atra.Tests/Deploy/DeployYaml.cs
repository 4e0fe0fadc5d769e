using YamlDotNet.RepresentationModel;

namespace Atra.Tests.Deploy;

/// <summary>Reading the deployment's YAML (rules, promtool tests, resolved compose files) as plain nodes.</summary>
internal static class DeployYaml
{
    public static YamlMappingNode Load(string file) => Parse(File.ReadAllText(file));

    public static YamlMappingNode Parse(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    public static IEnumerable<YamlNode> Sequence(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlMappingNode? Mapping(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
