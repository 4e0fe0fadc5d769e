using Atra.Tests.Fakes;

namespace Atra.Tests.Deploy;

/// <summary>
/// start_atra.sh and stop_atra.sh run for real under bash, against a stand-in <c>docker</c> on PATH that records its
/// arguments and answers <c>docker compose ps</c> with scripted container states (there is no Docker engine here).
/// </summary>
public class StartScriptTests
{
    [Test]
    public async Task Start_WaitsUntilEveryServiceIsHealthy_ThenSaysWhereEverythingIs()
    {
        using var stack = await FakeStack.CreateAsync(
            "atra|running|starting|0\nkibana-setup|running||0\ncaddy|running||0",
            "atra|running|healthy|0\nkibana-setup|running||0\ncaddy|running||0",
            "atra|running|healthy|0\nkibana-setup|exited||0\ncaddy|running||0");

        var (exit, output) = await stack.RunAsync("start_atra.sh", "--scale", "atra=1");

        Assert.That(exit, Is.Zero, output);
        var calls = stack.Calls();
        Assert.That(calls[0], Is.EqualTo("compose version"));
        Assert.That(calls, Does.Contain("compose --env-file .env config -q"));
        Assert.That(calls, Does.Contain("compose --env-file .env up -d --build --remove-orphans --scale atra=1"));
        Assert.That(calls.Count(c => c.Contains(" ps --all ", StringComparison.Ordinal)), Is.EqualTo(3), "polled until healthy and done");
        Assert.That(output, Does.Contain("https://signals.example.com/grafana/").And.Contain("https://signals.example.com/kibana/").And.Contain("https://signals.example.com/docs"));
    }

    [Test]
    public async Task Start_OneShotSetupFails_ExitsNamingIt()
    {
        using var stack = await FakeStack.CreateAsync("atra|running|healthy|0\nkibana-setup|exited||1");

        var (exit, output) = await stack.RunAsync("start_atra.sh");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("failed: kibana-setup").And.Contain("docker compose logs kibana-setup"));
    }

    [Test]
    public async Task Start_NeverHealthy_GivesUpAfterTheTimeout()
    {
        using var stack = await FakeStack.CreateAsync("atra|running|unhealthy|0");

        var (exit, output) = await stack.RunAsync("start_atra.sh");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("not healthy after 2s: atra"));
    }

    [Test]
    public async Task Start_WithoutEnvFile_Refuses()
    {
        using var stack = await FakeStack.CreateAsync("atra|running|healthy|0");
        File.Delete(stack.Path(".env"));

        var (exit, output) = await stack.RunAsync("start_atra.sh");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("no .env here"));
        Assert.That(stack.Calls(), Is.Empty);
    }

    [TestCase("start_atra.sh")]
    [TestCase("stop_atra.sh")]
    public async Task Scripts_WithoutComposeV2_RefuseWithTheFix(string script)
    {
        using var stack = await FakeStack.CreateAsync("atra|running|healthy|0");
        stack.WithoutComposeV2();

        var (exit, output) = await stack.RunAsync(script);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Docker Compose v2 is missing"));
    }

    [Test]
    public async Task Stop_BringsTheStackDownKeepingVolumes()
    {
        using var stack = await FakeStack.CreateAsync("atra|running|healthy|0");

        var (exit, output) = await stack.RunAsync("stop_atra.sh");

        Assert.That(exit, Is.Zero, output);
        Assert.That(stack.Calls(), Is.EqualTo(new[] { "compose version", "compose --env-file .env down" }));
    }

    /// <summary>A copy of the scripts with a .env, and a stand-in docker that replays one ps answer per poll.</summary>
    private sealed class FakeStack : IDisposable
    {
        private readonly TempFolder _folder = new();

        public static async Task<FakeStack> CreateAsync(params string[] psAnswers)
        {
            var stack = new FakeStack();
            var root = Host.RepositoryRoot.Find();
            foreach (var script in new[] { "start_atra.sh", "stop_atra.sh" })
            {
                File.Copy(System.IO.Path.Combine(root, script), stack.Path(script));
            }
            await File.WriteAllTextAsync(stack.Path(".env"), "ATRA_DOMAIN=signals.example.com\nGRAFANA_ADMIN_USER=ops\n");
            Directory.CreateDirectory(stack.Path("bin"));
            for (var i = 0; i < psAnswers.Length; i++)
            {
                await File.WriteAllTextAsync(stack.Path($"ps.{i + 1}"), psAnswers[i] + "\n");
            }
            await File.WriteAllTextAsync(stack.Path("bin/docker"), $$"""
                #!/bin/sh
                # Stand-in for docker: records the call; `compose ps` answers ps.N for the Nth poll (the last one after).
                folder={{stack._folder.Path}}
                echo "$*" >> "$folder/calls"
                [ "$1 $2" = "compose version" ] && { [ -f "$folder/no-v2" ] && exit 1; exit 0; }
                case " $* " in
                  *" ps "*)
                    n=$(( $(cat "$folder/polls" 2>/dev/null || echo 0) + 1 )); echo $n > "$folder/polls"
                    while [ $n -gt 1 ] && [ ! -f "$folder/ps.$n" ]; do n=$((n - 1)); done
                    cat "$folder/ps.$n" ;;
                esac
                exit 0
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stack.Path("bin/docker"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return stack;
        }

        public string Path(string name) => _folder.File(name);

        public void WithoutComposeV2() => File.WriteAllText(Path("no-v2"), "");

        public string[] Calls() => File.Exists(Path("calls")) ? File.ReadAllLines(Path("calls")) : [];

        public Task<(int ExitCode, string Output)> RunAsync(string script, params string[] args) =>
            DeployTool.RunAsync("/bin/bash", [Path(script), .. args], _folder.Path, new Dictionary<string, string?>
            {
                ["PATH"] = Path("bin") + ":/usr/bin:/bin",
                ["ATRA_START_POLL"] = "0.05",
                ["ATRA_START_TIMEOUT"] = "2",
            });

        public void Dispose() => _folder.Dispose();
    }
}
