using Atra.Host;

namespace Atra.Tests.Fakes;

/// <summary>Runs the real <c>atra</c> entry point in-process with stdin given and stdout/stderr captured.</summary>
public static class CliHarness
{
    private static readonly SemaphoreSlim Console_ = new(1, 1);

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        await Console_.WaitAsync();
        var (oldIn, oldOut, oldErr) = (Console.In, Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetIn(new StringReader(stdin));
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await Program.Main(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetIn(oldIn);
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Console_.Release();
        }
    }

    /// <summary>Settings that keep a run inside <paramref name="folder"/>.</summary>
    public static string[] FolderSettings(string folder) =>
    [
        $"--Storage:Sqlite={Path.Combine(folder, "atra.db")}",
        $"--Storage:BackupFolder={Path.Combine(folder, "backups")}",
        $"--Storage:LegacyUsersFile={Path.Combine(folder, "none.json")}",
        $"--Logs:Folder={Path.Combine(folder, "logs")}",
    ];
}
