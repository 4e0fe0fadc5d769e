using Atra.Modules.Health.Contracts;

namespace Atra.Tests.Health;

public class HealthStatusTests
{
    [Test]
    public void Worst_CriticalAndUnknown_Critical()
    {
        Assert.That(HealthStatus.Unknown.Worst(HealthStatus.Critical), Is.EqualTo(HealthStatus.Critical));
        Assert.That(HealthStatus.Critical.Worst(HealthStatus.Unknown), Is.EqualTo(HealthStatus.Critical));
    }

    [Test]
    public void Worst_WarningAndUnknown_Unknown()
    {
        Assert.That(HealthStatus.Warning.Worst(HealthStatus.Unknown), Is.EqualTo(HealthStatus.Unknown));
        Assert.That(HealthStatus.Healthy.Worst(HealthStatus.Warning), Is.EqualTo(HealthStatus.Warning));
    }

    [Test]
    public void ExitCodes_FollowInterfaces_ZeroToThree()
    {
        Assert.That((int)HealthStatus.Healthy, Is.Zero);
        Assert.That((int)HealthStatus.Warning, Is.EqualTo(1));
        Assert.That((int)HealthStatus.Critical, Is.EqualTo(2));
        Assert.That((int)HealthStatus.Unknown, Is.EqualTo(3));
    }

    [TestCase(HealthStatus.Healthy, "HEALTHY")]
    [TestCase(HealthStatus.Warning, "WARNING")]
    [TestCase(HealthStatus.Critical, "CRITICAL")]
    [TestCase(HealthStatus.Unknown, "UNKNOWN")]
    public void WireName_RoundTrips(HealthStatus status, string wire)
    {
        Assert.That(status.ToWire(), Is.EqualTo(wire));
        Assert.That(HealthStatusExtensions.FromWire(wire), Is.EqualTo(status));
    }
}
