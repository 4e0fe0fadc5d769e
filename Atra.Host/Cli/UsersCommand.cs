using System.CommandLine;
using Atra.Host.Platform;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.Contracts;
using Mediator;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra users create --username U --password-stdin [--admin]</c>: how logins (the first admin included) come
/// to exist. The password is read from stdin only, never from the command line (shell history, <c>ps</c>), and
/// no default account or password exists anywhere.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var username = new Option<string>("--username") { Description = "The login name (3-64 of a-z, 0-9, _ . - @)", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin (required)" };
        var admin = new Option<bool>("--admin") { Description = "Make the login an admin" };
        var create = new Command("create", "Create an API login; the password comes from stdin")
        {
            username,
            passwordStdin,
            admin,
        };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => CreateAsync(result, username, passwordStdin, admin, ct));

        var users = new Command("users", "Manage API logins") { create };
        users.TreatUnmatchedTokensAsErrors = false;
        return users;
    }

    private static async Task<int> CreateAsync(ParseResult result, Option<string> username, Option<bool> passwordStdin, Option<bool> admin, CancellationToken ct)
    {
        if (!result.GetValue(passwordStdin))
        {
            throw new UsageException("--password-stdin is required: the password is read from stdin, never from the command line (e.g. `printf '%s\\n' \"$PW\" | atra users create --username admin --password-stdin --admin`).");
        }
        var password = await Console.In.ReadLineAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrEmpty(password))
        {
            throw new UsageException("stdin: no password; give it as the first line of stdin.");
        }

        using var host = AtraHost.BuildCommandHost(CliRunner.HostArguments(result));
        host.Services.GetRequiredService<MigrationRunner>().Run();
        UserDto user;
        try
        {
            user = await host.Services.GetRequiredService<IMediator>().Send(new CreateLogin(result.GetValue(username)!, password, result.GetValue(admin)), ct).ConfigureAwait(false);
        }
        catch (AtraProblem problem)
        {
            throw new UsageException(problem.Message);
        }
        Console.WriteLine($"Created {(user.IsAdmin ? "admin" : "user")} login '{user.Username}' (id {user.Id}).");
        return CliRunner.Ok;
    }
}
