using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atra.Modules.Users;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a 16-byte random salt per password and OWASP's current work factor (600,000
/// iterations). Stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64), so the parameters travel with
/// each hash and a login can tell when a stored hash is weaker than today's and must be redone.
/// </summary>
internal sealed class PasswordHasher
{
    /// <summary>OWASP Password Storage Cheat Sheet (2023+) for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A real hash of a random password: verifying against it costs what a real check costs, so an unknown
    // username cannot be told from a wrong password by timing.
    private readonly string _dummy;

    public PasswordHasher()
        : this(DefaultIterations)
    {
    }

    /// <summary>Tests use a low count to stay fast; production always uses <see cref="DefaultIterations"/>.</summary>
    internal PasswordHasher(int iterations)
    {
        Iterations = iterations;
        _dummy = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
    }

    public int Iterations { get; }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches; <paramref name="needsRehash"/> when the stored parameters are not today's.</summary>
    public bool Verify(string? stored, string password, out bool needsRehash)
    {
        needsRehash = false;
        if (stored is null || !TryParse(stored, out var iterations, out var salt, out var expected))
        {
            Verify(_dummy, password, out _);
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        var ok = CryptographicOperations.FixedTimeEquals(actual, expected);
        needsRehash = ok && (iterations != Iterations || salt.Length != SaltBytes || expected.Length != HashBytes);
        return ok;
    }

    /// <summary>Spends the time of one verification, for a login whose username does not exist.</summary>
    public void SpendEquivalentTime(string password) => Verify(_dummy, password, out _);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && hash.Length > 0;
    }
}
