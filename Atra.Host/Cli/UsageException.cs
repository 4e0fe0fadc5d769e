namespace Atra.Host.Cli;

/// <summary>Bad input or usage: the command prints the message as one line and exits 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
