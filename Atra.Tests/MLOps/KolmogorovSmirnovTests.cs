using System.IO.Compression;
using System.Text.Json;
using Atra.Modules.MLOps.Drift;

namespace Atra.Tests.MLOps;

/// <summary>
/// The drift statistics against an independent oracle: scipy 1.10's <c>ks_2samp</c> (two-sided, method 'auto') and a
/// numpy PSI, computed once by TestData/MLOps/make_ks_golden.py on fixed samples (small and exact, ties, binary,
/// unequal sizes, and over 10,000 values where scipy switches to the asymptotic p-value).
/// </summary>
public sealed class KolmogorovSmirnovTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "MLOps", "ks_golden.json.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            yield return new TestCaseData(
                c.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                c.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                c.GetProperty("statistic").GetDouble(),
                c.GetProperty("p_value").GetDouble(),
                c.GetProperty("psi").GetDouble()).SetName("KsAndPsi_EqualScipy_" + c.GetProperty("name").GetString());
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void KsAndPsi_EqualScipy(double[] a, double[] b, double statistic, double pValue, double psi)
    {
        var (d, p) = KolmogorovSmirnov.Test(a, b);

        Assert.Multiple(() =>
        {
            Assert.That(d, Is.EqualTo(statistic).Within(1e-12), "KS statistic");
            Assert.That(p, Is.EqualTo(pValue).Within(0.03), "p-value");
            Assert.That(PopulationStability.Index(a, b), Is.EqualTo(psi).Within(1e-9), "PSI");
        });
    }

    [Test]
    public void Exact_SmallSamples_MatchScipyClosely()
    {
        // Beyond the 0.03: the exact path is the same lattice count scipy does.
        var (_, p) = KolmogorovSmirnov.Test([1, 2, 3, 4, 5, 6, 7, 8], [3.5, 4.5, 9, 10, 11, 12]);
        Assert.That(p, Is.EqualTo(0.0606060606060606).Within(1e-9));
    }
}
