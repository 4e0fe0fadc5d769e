namespace Atra.Tests.Fakes;

/// <summary>
/// A program from a Debian package that some tests run for real (redis-server, prometheus, promtool, chromium).
/// Where it is not installed the test is skipped, and the skip says the line that installs it; with the
/// <c>CI</c> variable set the test fails instead, because CI must run every test (<c>.ci/run</c> installs them).
/// Found on <c>PATH</c>, so a narrowed <c>PATH</c> or <c>.ci/without</c> (which hides programs) shows what a machine
/// without them does.
/// </summary>
internal static class RequiredProgram
{
    public static bool OnCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The program's path; otherwise ignores (or, on CI, fails) the calling test.</summary>
    public static string Find(string name, string package)
    {
        if (Locate(name) is { } path)
        {
            return path;
        }
        throw Unavailable($"{name} is not installed", $"apt-get install -y {package}");
    }

    /// <summary>What to throw when something a test needs is missing: a skip naming the fix, or a failure on CI.</summary>
    public static Exception Unavailable(string what, string fix) => OnCi
        ? new AssertionException($"{what} ({fix}); CI must run every test.")
        : new IgnoreException($"{what} here: {fix}");

    /// <summary>The program's path, or null.</summary>
    public static string? Locate(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
