using System.Security.Cryptography;
using System.Text;
using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Modules.Auth;

/// <summary>
/// The token signing key: <c>Jwt:SigningKey</c> when set; otherwise a random key generated at first start and
/// kept in a file only the service's user can read, so a newcomer's <c>dotnet run</c> works and tokens survive
/// restarts, while the committed settings file never holds a usable key. The key is never logged.
/// </summary>
internal sealed partial class SigningKeyStore
{
    public const string DefaultFileName = "jwt-signing.key";

    private readonly Lazy<SymmetricSecurityKey> _key;

    public SigningKeyStore(IOptions<JwtOptions> jwt, IOptions<StorageOptions> storage, ILogger<SigningKeyStore> logger)
    {
        var options = jwt.Value;
        var file = string.IsNullOrWhiteSpace(options.SigningKeyFile)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.Value.Sqlite))!, DefaultFileName)
            : Path.GetFullPath(options.SigningKeyFile);
        KeyFile = file;
        _key = new Lazy<SymmetricSecurityKey>(() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Resolve(options, file, logger))), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The file that holds a generated key (whether or not one is used).</summary>
    public string KeyFile { get; }

    public SymmetricSecurityKey Key => _key.Value;

    private static string Resolve(JwtOptions options, string file, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            // Validated at start by JwtOptionsValidator.
            return options.SigningKey;
        }
        if (!options.GenerateSigningKey)
        {
            throw new InvalidOperationException("Jwt:SigningKey: required (Jwt:GenerateSigningKey is false).");
        }
        if (File.Exists(file))
        {
            return ReadKeyFile(file, logger);
        }

        string key;
        do
        {
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        }
        while (SigningKeyRules.Problem(key) is not null);

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var stream = new FileStream(file, create);
            stream.Write(Encoding.UTF8.GetBytes(key));
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process (a CLI command next to the service) generated it first: use theirs.
            return ReadKeyFile(file, logger);
        }
        LogGenerated(logger, file);
        return key;
    }

    private static string ReadKeyFile(string file, ILogger logger)
    {
        var key = File.ReadAllText(file).Trim();
        if (SigningKeyRules.Problem(key) is { } problem)
        {
            throw new InvalidOperationException($"Jwt:SigningKey: is empty and the key file '{file}' is not usable: the key {problem} Delete the file to have a new key generated, or set Jwt:SigningKey.");
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            LogLoosePermissions(logger, file);
        }
        return key;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jwt:SigningKey is empty: generated a random token signing key and stored it in {File} (readable by this user only). Set Jwt:SigningKey to use your own key, the same on every instance.")]
    private static partial void LogGenerated(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token signing key file {File} is readable by other users; restrict it with chmod 600")]
    private static partial void LogLoosePermissions(ILogger logger, string file);
}
