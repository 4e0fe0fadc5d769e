namespace Atra.Modules.Users.LegacyImport;

/// <summary>The legacy file as a whole cannot be read (missing, not JSON, not an object); nothing was imported.</summary>
internal sealed class LegacyImportException(string message, Exception? inner = null) : Exception(message, inner);
