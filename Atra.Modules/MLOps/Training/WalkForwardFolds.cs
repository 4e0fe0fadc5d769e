using Atra.Modules.MLOps.Rows;

namespace Atra.Modules.MLOps.Training;

/// <summary>
/// Chronological walk-forward folds (ML.NET's random splitters would put later rows in the training set of earlier
/// ones). Rows (in signal-time order) are cut into <c>folds + 1</c> blocks of equal count; fold k tests block k and
/// trains on earlier rows only, and only on those whose outcome was known before the test block began: a row is
/// purged when its exit reaches into the test block, and an embargo keeps a further gap (rows that exited within
/// <c>embargo</c> before the block), because neighbouring signals share most of their indicator windows. Nothing
/// after a test block ever trains a model that is tested on it (the "embargo after" of a k-fold is built in).
/// </summary>
internal sealed class WalkForwardFolds
{
    private WalkForwardFolds(IReadOnlyList<Fold> folds) => Folds = folds;

    public IReadOnlyList<Fold> Folds { get; }

    public static WalkForwardFolds Create(IReadOnlyList<TrainingRow> rows, int folds, TimeSpan embargo)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var blocks = folds + 1;
        var result = new List<Fold>(folds);
        for (var k = 1; k < blocks; k++)
        {
            var start = (int)((long)rows.Count * k / blocks);
            var end = (int)((long)rows.Count * (k + 1) / blocks);
            if (end <= start)
            {
                continue;
            }
            var testStartMs = rows[start].SignalTimeMs;
            var cutoff = testStartMs - (long)embargo.TotalMilliseconds;
            var train = new List<int>(start);
            for (var i = 0; i < start; i++)
            {
                if (rows[i].ExitTimeMs < cutoff)
                {
                    train.Add(i);
                }
            }
            result.Add(new Fold(k, [.. train], start, end, testStartMs));
        }
        return new WalkForwardFolds(result);
    }

    /// <summary>Fold <see cref="Index"/>: train on <see cref="Train"/> (row indexes), test rows [<see cref="TestStart"/>, <see cref="TestEnd"/>).</summary>
    internal sealed record Fold(int Index, int[] Train, int TestStart, int TestEnd, long TestStartMs);
}
