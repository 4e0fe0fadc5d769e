using System.Globalization;
using System.Text;

namespace Atra.Tests.Indicators;

/// <summary>Column comparisons with STRATEGY.md's tolerance and identical undefined rows.</summary>
internal static class IndicatorAssert
{
    /// <summary>|actual − expected| ≤ tolerance × max(1, |expected|) on every row; NaN exactly where expected is NaN.</summary>
    public static void Close(string column, double[] expected, double[] actual, double tolerance, int rows)
    {
        var failures = 0;
        var report = new StringBuilder();
        var worst = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var e = expected[i];
            var a = actual[i];
            bool ok;
            if (double.IsNaN(e) || double.IsNaN(a))
            {
                ok = double.IsNaN(e) && double.IsNaN(a);
            }
            else
            {
                var error = Math.Abs(a - e) / Math.Max(1.0, Math.Abs(e));
                worst = Math.Max(worst, error);
                ok = error <= tolerance;
            }
            if (!ok && failures++ < 5)
            {
                report.Append(CultureInfo.InvariantCulture, $"\n  row {i}: expected {e:R}, actual {a:R}");
            }
        }
        TestContext.Out.WriteLine(FormattableString.Invariant($"{column}: worst relative error {worst:E2}"));
        Assert.That(failures, Is.Zero, $"{column}: {failures} rows differ (worst relative error {worst:E2}):{report}");
    }

    /// <summary>Bit-for-bit equality (NaN equals NaN).</summary>
    public static void Identical(string column, double[] expected, double[] actual, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
            {
                Assert.Fail($"{column}: row {i}: {expected[i]:R} vs {actual[i]:R} (not bit for bit)");
            }
        }
    }
}
