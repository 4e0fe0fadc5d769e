namespace Atra.Modules.Shared.Errors;

/// <summary>
/// A failure the client caused or can act on. The host's exception handler turns it into a problem details
/// answer with <see cref="StatusCode"/>; anything else becomes a 500 without details.
/// </summary>
public class AtraProblem : Exception
{
    public AtraProblem(int statusCode, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail)
    {
        StatusCode = statusCode;
        Title = title;
        Errors = errors;
    }

    public int StatusCode { get; }

    public string Title { get; }

    /// <summary>Field name to messages, for validation failures.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static AtraProblem Validation(string field, string message) =>
        new(400, "Invalid input", message, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static AtraProblem NotFound(string what) => new(404, "Not found", $"{what} was not found.");

    public static AtraProblem Conflict(string detail) => new(409, "Conflict", detail);
}
