using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Atra.Tests.Host;

/// <summary>The shared metrics are recorded by the modules that own the events, not only defined.</summary>
public partial class MetricsWiringTests
{
    [GeneratedRegex(@"^atra_auth_login_failures_total (\d+(\.\d+)?)", RegexOptions.Multiline)]
    private static partial Regex LoginFailures();

    [Test]
    public async Task FailedLogin_Always_CountedInMetrics()
    {
        await using var factory = new AtraHostFactory();
        using var client = factory.CreateClient();
        var before = Read(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var response = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username = "nobody", password = "wrong-password" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var after = Read(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.That(after, Is.EqualTo(before + 1));
    }

    private static double Read(string metrics)
    {
        var match = LoginFailures().Match(metrics);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
