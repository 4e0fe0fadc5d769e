using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Serving;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// A model's identity by behaviour: the SHA-256 of its calibrated probabilities on a fixed probe set, each rounded to
/// 1e-6 (ML.NET stamps a time into the zip, so the zip's hash differs between two identical trainings). The probe set
/// is 256 vectors drawn by SplitMix64 from a fixed seed over plausible ranges of every feature: it never changes.
/// </summary>
internal static class Fingerprint
{
    private const int ProbeCount = 256;

    // Ranges per feature, in FeatureSchema order; discrete features are drawn from their values.
    private static readonly (double Lo, double Hi)[] Ranges =
    [
        (0, 1), (-2, 2), (20, 80), (10, 50), (0, 100), (0, 100), (0.002, 0.05), (-0.2, 1.2), (0.5, 4),
        (-0.03, 0.03), (-0.06, 0.06), (-1, 1), (-0.03, 0.03), (0, 12),
    ];

    public static IReadOnlyList<double[]> Probes { get; } = MakeProbes();

    public static string Of(ScoringModel model)
    {
        var p = model.Probabilities(Probes);
        var sb = new StringBuilder(p.Length * 9);
        foreach (var v in p)
        {
            sb.Append(Math.Round(v, 6, MidpointRounding.AwayFromZero).ToString("F6", CultureInfo.InvariantCulture)).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sb.ToString())));
    }

    private static double[][] MakeProbes()
    {
        ulong state = 0x5EED_A7_2A;
        var probes = new double[ProbeCount][];
        for (var i = 0; i < ProbeCount; i++)
        {
            var v = new double[FeatureSchema.Count];
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                var u = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
                var (lo, hi) = Ranges[j];
                v[j] = j is 0 ? Math.Floor(u * 2) : j is 11 ? Math.Floor(u * 3) - 1 : lo + ((hi - lo) * u);
            }
            probes[i] = v;
        }
        return probes;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
