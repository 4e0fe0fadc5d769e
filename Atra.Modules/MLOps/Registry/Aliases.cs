using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Registry;

/// <summary>
/// <c>aliases.json</c>: which version is <c>champion</c> (serving), <c>challenger</c> (the latest trained and not
/// promoted) and <c>previous</c> (the champion before; a rollback target). <see cref="Champions"/> is every version
/// that was ever champion, in order: they are never deleted, and a rollback walks back along them.
/// </summary>
internal sealed record Aliases(
    [property: JsonPropertyName("champion")] int? Champion,
    [property: JsonPropertyName("challenger")] int? Challenger,
    [property: JsonPropertyName("previous")] int? Previous,
    [property: JsonPropertyName("champions")] IReadOnlyList<int> Champions)
{
    public static Aliases Empty { get; } = new(null, null, null, []);
}
