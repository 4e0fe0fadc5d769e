using System.CommandLine;
using Microsoft.Extensions.Options;

namespace Atra.Host.Cli;

/// <summary>
/// Parses and runs a command with Atra's exit codes: 0 success, 1 bad input or usage (one line on stderr),
/// 2 a runtime failure. Commands throw <see cref="UsageException"/> for bad input.
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
            // Without this, System.CommandLine's default handler catches UsageException first (a stack trace, not one line).
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
    }

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
