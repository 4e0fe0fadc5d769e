namespace Atra.Host.Cli;

/// <summary>A runtime failure already described for the user: the command prints the message as one line and exits 2.</summary>
internal sealed class RuntimeFailureException(string message) : Exception(message);
