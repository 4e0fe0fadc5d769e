using System.Net;
using System.Text.Json;

namespace Atra.Tests.Auth;

/// <summary>Asserts an answer is an RFC 9457 problem with the expected status, without a stack trace.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        Assert.That(body, Does.Not.Contain("   at "), "no stack trace in an error answer");
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        Assert.That(root.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        return root;
    }

    public static async Task IsClientErrorProblemAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{what}: {body}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{what}: {body}");
        Assert.That(body, Does.Not.Contain("   at "), what);
    }
}
