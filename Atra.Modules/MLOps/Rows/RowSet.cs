using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Atra.Modules.MLOps.Rows;

/// <summary>Training rows in signal-time order (ties by symbol), with what the registry records of them.</summary>
internal sealed class RowSet
{
    public RowSet(IEnumerable<TrainingRow> rows, string source)
    {
        var list = rows.ToList();
        list.Sort(static (a, b) => a.SignalTimeMs != b.SignalTimeMs ? a.SignalTimeMs.CompareTo(b.SignalTimeMs) : string.CompareOrdinal(a.Symbol, b.Symbol));
        Rows = list;
        Source = source;
        Hash = ComputeHash(list);
    }

    public IReadOnlyList<TrainingRow> Rows { get; }

    /// <summary><c>database</c> or <c>data:DIR</c>.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of every row's identity, outcome and features in round-trip text: equal rows, equal hash.</summary>
    public string Hash { get; }

    public int Count => Rows.Count;

    public long? FirstSignalMs => Rows.Count == 0 ? null : Rows[0].SignalTimeMs;

    public long? LastExitMs => Rows.Count == 0 ? null : Rows.Max(r => r.ExitTimeMs);

    private static string ComputeHash(List<TrainingRow> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder(256);
        foreach (var r in rows)
        {
            sb.Clear();
            sb.Append(r.Symbol).Append('|').Append(r.SignalTimeMs).Append('|').Append(r.ExitTimeMs).Append('|')
                .Append(r.ProfitPct.ToString("R", CultureInfo.InvariantCulture));
            foreach (var v in r.Features)
            {
                sb.Append('|').Append(double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
            sha.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
