using System.CommandLine;
using System.Data.Common;
using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atra.Host.Cli;

/// <summary>
/// Parses and runs a command with Atra's exit codes: 0 success, 1 bad input or usage, 2 a runtime failure; either
/// failure is one line on stderr, never a stack trace. Commands throw <see cref="UsageException"/> for bad input;
/// anything else that escapes a command (a failed migration, a locked database, a full disk) is a runtime failure.
/// </summary>
internal static class CliRunner
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Failure = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"atra: {result.Errors[0].Message} (see 'atra --help')").ConfigureAwait(false);
            return BadInput;
        }
        try
        {
            // Atra's own handler below turns known failures into one line and an exit code; System.CommandLine's
            // default one would print a stack trace for a user's mistake.
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"atra: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"atra: invalid settings: {string.Join(" ", ex.Failures)}").ConfigureAwait(false);
            return BadInput;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
            await Console.Error.WriteLineAsync($"atra: invalid settings: {string.Join(" ", failures)}").ConfigureAwait(false);
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or a termination signal during a command: the shell's convention for an interrupted program.
            return Interrupted;
        }
        // HostAbortedException: a test host (WebApplicationFactory) took the built host and stops Main on purpose.
        catch (Exception ex) when (ex is not HostAbortedException)
        {
            await Console.Error.WriteLineAsync($"atra: {Describe(ex)}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>Exit code of a command interrupted by Ctrl+C or SIGTERM (128 + SIGINT), as System.CommandLine uses.</summary>
    public const int Interrupted = 130;

    /// <summary>What went wrong, in words a user can act on, on one line.</summary>
    internal static string Describe(Exception error)
    {
        var ex = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        return ex switch
        {
            RuntimeFailureException => OneLine(ex.Message),
            // Another process holds a lock longer than Storage:BusyTimeout (SQLITE_BUSY/LOCKED, PostgreSQL's lock_timeout).
            DbException busy when SqlDialect.Sqlite.IsBusy(busy) || SqlDialect.Postgres.IsBusy(busy) =>
                $"the database is locked by another process (is the service or another command using it?): {OneLine(busy.Message)}",
            NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException } unreachable =>
                $"the PostgreSQL server in Storage:Postgres cannot be reached: {OneLine(unreachable.InnerException!.Message)}",
            DbException database => $"database error: {OneLine(database.Message)}",
            IOException or UnauthorizedAccessException => OneLine(ex.Message),
            // The migration runner's own message names the script and the backup.
            InvalidOperationException when ex.Message.StartsWith("Migration ", StringComparison.Ordinal) => OneLine(ex.Message),
            _ => $"unexpected error ({ex.GetType().Name}): {OneLine(ex.Message)}",
        };
    }

    /// <summary>The text on one line: line breaks and runs of spaces become one space.</summary>
    internal static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Tokens the parser did not match are host settings in <c>--Section:Key=value</c> form (the way ASP.NET
    /// takes them, and the way the test host passes them); anything else is a usage error.
    /// </summary>
    public static string[] HostArguments(ParseResult result)
    {
        var tokens = result.UnmatchedTokens;
        foreach (var token in tokens)
        {
            if (!(token.StartsWith("--", StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal)))
            {
                throw new UsageException($"unknown command or argument '{token}' (see 'atra --help'; settings are given as --Section:Key=value)");
            }
        }
        return [.. tokens];
    }
}
