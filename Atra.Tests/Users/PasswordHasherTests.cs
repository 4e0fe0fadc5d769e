using Atra.Modules.Users;

namespace Atra.Tests.Users;

public sealed class PasswordHasherTests
{
    [Test]
    public void Hash_DefaultParameters_AreOwaspPbkdf2Sha256()
    {
        Assert.That(PasswordHasher.DefaultIterations, Is.EqualTo(600_000));
        var hash = new PasswordHasher(1_000).Hash("pw-123456789");
        Assert.That(hash, Does.StartWith("pbkdf2-sha256$1000$"));
    }

    [Test]
    public void Hash_SamePasswordTwice_DiffersBySalt()
    {
        var hasher = new PasswordHasher(1_000);
        var first = hasher.Hash("pw-123456789");
        var second = hasher.Hash("pw-123456789");
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void Verify_RightAndWrongPassword()
    {
        var hasher = new PasswordHasher(1_000);
        var hash = hasher.Hash("pw-123456789");
        Assert.That(hasher.Verify(hash, "pw-123456789", out var rehash), Is.True);
        Assert.That(rehash, Is.False);
        Assert.That(hasher.Verify(hash, "pw-123456780", out _), Is.False);
        Assert.That(hasher.Verify(null, "pw-123456789", out _), Is.False);
        Assert.That(hasher.Verify("garbage", "pw-123456789", out _), Is.False);
    }

    [Test]
    public void Verify_OlderParameters_AsksForRehash()
    {
        var old = new PasswordHasher(1_000).Hash("pw-123456789");
        Assert.That(new PasswordHasher(2_000).Verify(old, "pw-123456789", out var rehash), Is.True);
        Assert.That(rehash, Is.True);
    }
}
