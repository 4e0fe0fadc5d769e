using System.Globalization;
using System.Text.Json;
using Atra.Modules.MLOps.Registry;
using Atra.Tests.Fakes;

namespace Atra.Tests.MLOps;

/// <summary><c>atra mlops</c> and <c>atra backtest --ml</c> end to end: outputs, exit codes, idempotent <c>full</c>.</summary>
public sealed class MLOpsCommandTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "atra-mlops-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Registry => Path.Combine(_folder, "models");

    private Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliHarness.RunAsync("", [.. args, .. CliHarness.FolderSettings(_folder), $"--MLOps:RegistryFolder={Registry}"]);

    [Test]
    public async Task BacktestMl_NoModel_Exit1WithAClearLine()
    {
        var (exit, _, err) = await Run("backtest", "--data", MLOpsTestModel.SamplesFolder, "--out", _folder, "--ml");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err.Trim(), Is.EqualTo("atra: --ml: no ML model is active (no champion in the registry): train one with atra mlops --action retrain, or run without --ml"));
    }

    [Test]
    public async Task BacktestMl_WithAChampion_AppliesItToEverySignal()
    {
        var registry = MLOpsTestModel.RegistryWithModel(Registry);
        registry.Move(a => (a with { Champion = 1, Champions = [1] }, new AuditEntry(DateTimeOffset.UtcNow, "promote", "champion", null, 1, "test", "test")));

        var (exit, _, err) = await Run("backtest", "--data", MLOpsTestModel.SamplesFolder, "--out", _folder, "--ml", "--json");

        Assert.That(exit, Is.EqualTo(0), err);
        var trades = File.ReadAllLines(Path.Combine(_folder, "trades.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(trades, Is.Not.Empty);
        Assert.That(trades.Select(t => double.Parse(t[33], CultureInfo.InvariantCulture)), Has.All.GreaterThanOrEqualTo(0.50), "every kept signal passed the soft threshold");
        Assert.That(trades.Count, Is.LessThan(MLOpsTestModel.Rows.Count), "the filter removed signals");
    }

    /// <summary>
    /// With --data the drift sample is exactly the rows of atra backtest's trades.csv over the same files and window:
    /// every trade (those still open at the end too), each feature's non-empty cells, value for value.
    /// </summary>
    [Test]
    public async Task Baseline_OnCandleFiles_IsExactlyTheTradesCsvRows()
    {
        // The files end two hours after a signal that runs longer: its trade is still open at the end of the data.
        var open = MLOpsTestModel.Rows.Rows.First(r => r.SignalTimeMs > MLOpsTestModel.Rows.Rows[^1].SignalTimeMs - (60L * 86_400_000) && r.ExitTimeMs - r.SignalTimeMs > 4 * 3_600_000L);
        var cut = open.SignalTimeMs + (2 * 3_600_000L);
        var data = Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName;
        foreach (var file in Directory.GetFiles(MLOpsTestModel.SamplesFolder, "*-1h.csv"))
        {
            var kept = File.ReadLines(file).Where((l, i) => i == 0 || long.Parse(l[..l.IndexOf(',')], CultureInfo.InvariantCulture) < cut);
            File.WriteAllLines(Path.Combine(data, Path.GetFileName(file)), kept);
        }
        var backtest = await Run("backtest", "--data", data, "--out", _folder);
        var baseline = await Run("mlops", "--action", "baseline", "--data", data, "--json");
        Assert.That(backtest.Exit, Is.EqualTo(0), backtest.Err);
        Assert.That(baseline.Exit, Is.EqualTo(0), baseline.Err);

        var lines = File.ReadAllLines(Path.Combine(_folder, "trades.csv"));
        var header = lines[0].Split(',');
        var trades = lines.Skip(1).Select(l => l.Split(',')).ToList();
        using var answer = JsonDocument.Parse(baseline.Out);
        using var stored = JsonDocument.Parse(File.ReadAllText(Path.Combine(Registry, "baseline.json")));
        Assert.That(trades.Select(t => t[Array.IndexOf(header, "exit_reason")]), Does.Contain("end_of_data"), "the window ends with open trades");
        Assert.That(answer.RootElement.GetProperty("rows").GetInt32(), Is.EqualTo(trades.Count));
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "rsi14", "adx14", "stochrsi_k", "stochrsi_d", "bb_pos", "volume_ratio", "momentum_1h", "momentum_4h", "anomaly_score" })
            {
                var column = Array.IndexOf(header, name);
                var expected = trades.Select(t => t[column]).Where(c => c.Length > 0).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).Order();
                var actual = stored.RootElement.GetProperty("features").GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).Order();
                Assert.That(actual, Is.EqualTo(expected), name);
            }
        });
    }

    [Test]
    public async Task Drift_WithoutBaseline_Exit1()
    {
        var (exit, _, err) = await Run("mlops", "--action", "drift", "--data", MLOpsTestModel.SamplesFolder);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(err, Does.Contain("no drift baseline yet"));
    }

    [Test]
    public async Task Drift_SameFiles_Exit0_ShiftedCopy_Exit3WithJson()
    {
        var shifted = Path.Combine(_folder, "shifted");
        Directory.CreateDirectory(shifted);
        foreach (var file in Directory.GetFiles(MLOpsTestModel.SamplesFolder, "*-1h.csv"))
        {
            // Wider candles: the same closes, twice the range, as in a more volatile market.
            var lines = File.ReadAllLines(file);
            for (var i = 1; i < lines.Length; i++)
            {
                var c = lines[i].Split(',').Select((v, k) => k == 0 ? v : v).ToArray();
                double P(int k) => double.Parse(c[k], CultureInfo.InvariantCulture);
                var mid = P(4);
                lines[i] = string.Join(',', c[0], c[1], (mid + (2 * (P(2) - mid))).ToString("R", CultureInfo.InvariantCulture),
                    (mid - (2 * (mid - P(3)))).ToString("R", CultureInfo.InvariantCulture), c[4], c[5]);
            }
            File.WriteAllLines(Path.Combine(shifted, Path.GetFileName(file)), lines);
        }

        var baseline = await Run("mlops", "--action", "baseline", "--data", MLOpsTestModel.SamplesFolder, "--json");
        var same = await Run("mlops", "--action", "drift", "--data", MLOpsTestModel.SamplesFolder, "--json");
        var moved = await Run("mlops", "--action", "drift", "--data", shifted, "--json");

        Assert.That(baseline.Exit, Is.EqualTo(0), baseline.Err);
        Assert.That(same.Exit, Is.EqualTo(0), same.Err);
        Assert.That(moved.Exit, Is.EqualTo(3), moved.Err);
        using var document = JsonDocument.Parse(moved.Out);
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("drift").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("threshold").GetDouble(), Is.EqualTo(0.05 / 14).Within(1e-12));
            var atr = root.GetProperty("features").GetProperty("atr_pct");
            Assert.That(atr.GetProperty("drifted").GetBoolean(), Is.True);
            foreach (var field in new[] { "statistic", "p_value", "psi", "n_reference", "n_current", "drifted" })
            {
                Assert.That(atr.TryGetProperty(field, out _), Is.True, field);
            }
        });
    }

    /// <summary>Exit 2: the input is fine but the registry cannot be written (its folder is a file); one line, no stack trace.</summary>
    [Test]
    public async Task Baseline_RegistryCannotBeWritten_Exit2WithOneLine()
    {
        File.WriteAllText(Registry, "not a folder");

        var (exit, output, err) = await Run("mlops", "--action", "baseline", "--data", MLOpsTestModel.SamplesFolder, "--json");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2), err);
            Assert.That(output, Is.Empty, "--json prints nothing when there is no document");
            Assert.That(err.Trim().Split('\n').Last(), Does.StartWith("atra: mlops --action baseline failed: "));
            Assert.That(err, Does.Not.Contain("   at "));
        });
    }

    [TestCase("--action", "retrain", "--from", "2024-02-01", "--to", "2024-01-01")]
    [TestCase("--action", "promote")]
    [TestCase("--action", "promote", "--version", "0")]
    [TestCase("--action", "retrain", "--data", "/no/such/folder")]
    [TestCase("--action", "nonsense")]
    public async Task BadInput_Exit1(params string[] args)
    {
        var (exit, _, err) = await Run(["mlops", .. args]);
        Assert.That(exit, Is.EqualTo(1), err);
        Assert.That(err.Trim(), Is.Not.Empty);
    }

    [Test]
    public async Task Full_TwiceOnTheSameData_AddsNoVersion()
    {
        var first = await Run("mlops", "--action", "full", "--data", MLOpsTestModel.SamplesFolder, "--json");
        Assert.That(first.Exit, Is.EqualTo(0), first.Err);
        using (var document = JsonDocument.Parse(first.Out))
        {
            var retrain = document.RootElement.GetProperty("retrain");
            Assert.Multiple(() =>
            {
                Assert.That(document.RootElement.GetProperty("trigger").GetString(), Is.EqualTo("no champion yet"));
                Assert.That(retrain.GetProperty("version").GetInt32(), Is.EqualTo(1));
                Assert.That(retrain.GetProperty("fingerprint").GetString(), Is.EqualTo(MLOpsTestModel.Result.Fingerprint), "the same rows and seed give the same model in a fresh process");
                Assert.That(retrain.GetProperty("candidates").GetArrayLength(), Is.EqualTo(3));
                foreach (var field in new[] { "trainer", "log_loss", "auc", "brier", "kept_share_soft", "profit_factor_soft", "kept_share_strict", "profit_factor_strict" })
                {
                    Assert.That(retrain.GetProperty("candidates")[0].TryGetProperty(field, out _), Is.True, field);
                }
                Assert.That(retrain.TryGetProperty("promoted", out _) && retrain.TryGetProperty("reason", out _) && retrain.TryGetProperty("chosen", out _));
            });
        }
        var versions = Directory.GetDirectories(Path.Combine(Registry, "versions"));

        var second = await Run("mlops", "--action", "full", "--data", MLOpsTestModel.SamplesFolder, "--json");

        Assert.That(second.Exit, Is.EqualTo(0), second.Err);
        Assert.That(Directory.GetDirectories(Path.Combine(Registry, "versions")), Is.EquivalentTo(versions));
    }
}
