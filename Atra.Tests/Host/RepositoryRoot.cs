namespace Atra.Tests.Host;

/// <summary>The checkout the tests were built from (the folder holding Atra.sln), for files like deploy/.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Atra.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Atra.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
