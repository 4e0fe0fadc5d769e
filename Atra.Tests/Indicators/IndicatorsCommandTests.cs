using System.Globalization;
using System.Text.RegularExpressions;
using Atra.Modules.Indicators.Contracts;

namespace Atra.Tests.Indicators;

/// <summary><c>atra indicators</c> run in-process through <see cref="Atra.Host.Program.Main"/>.</summary>
[NonParallelizable]
public sealed partial class IndicatorsCommandTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "atra-indicators-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, true);

    [TestCase("BTCUSDT-1h")]
    [TestCase("ETHUSDT-5m")]
    public async Task Main_RealCandleFile_WritesTaLibValuesInRoundTripFormat(string name)
    {
        var input = IndicatorTestData.ExtractCandles(name, _directory);
        var output = Path.Combine(_directory, "out.csv");

        var (exit, stdout, stderr) = await RunAsync("indicators", "--input", input, "--output", output);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Is.Empty);
        var lines = File.ReadAllLines(output);
        Assert.That(lines[0], Is.EqualTo("open_time_ms," + string.Join(',', IndicatorTable.ColumnNames)));
        var written = IndicatorTestData.ReadTableFile(output);
        var reference = IndicatorTestData.Reference(name);
        var table = IndicatorEngine.Compute(IndicatorTestData.Candles(name));
        Assert.That(written.Keys, Is.EqualTo(reference.Keys));
        Assert.Multiple(() =>
        {
            for (var c = 0; c < IndicatorTable.ColumnNames.Length; c++)
            {
                var column = IndicatorTable.ColumnNames[c];
                IndicatorAssert.Close(column, reference.Column(column), written.Column(column), column == "bb_pos" ? 1e-6 : 1e-9, reference.Keys.Length);
                // Round-trip format: the text reads back to the very double computed (−0 aside, which R writes as -0).
                IndicatorAssert.Identical(column, table.Columns()[c], written.Column(column), reference.Keys.Length);
            }
        });
    }

    [Test]
    public async Task Main_IntervalOption_OverridesFileName()
    {
        var input = IndicatorTestData.ExtractCandles("BTCUSDT-1h", _directory);
        var output = Path.Combine(_directory, "out.csv");

        var (exit, _, stderr) = await RunAsync("indicators", "--input", input, "--output", output, "--interval", "4h");

        Assert.That(exit, Is.Zero, stderr);
        var written = IndicatorTestData.ReadTableFile(output);
        Assert.Multiple(() =>
        {
            Assert.That(written.Column("momentum_1h"), Has.All.NaN, "1h is not a whole number of 4h rows");
            Assert.That(written.Column("momentum_4h")[1], Is.EqualTo(MomentumOneRow(input)).Within(1e-15));
        });
    }

    [Test]
    public async Task Main_MalformedRow_OneLineNamingFileAndLineExit1()
    {
        var input = Path.Combine(_directory, "BTCUSDT-1h.csv");
        await File.WriteAllTextAsync(input, "open_time_ms,open,high,low,close,volume\n1,10,11,9,10,5\n2,10,11,9,abc,5\n");

        var (exit, stdout, stderr) = await RunAsync("indicators", "--input", input, "--output", Path.Combine(_directory, "out.csv"));

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain(input + ":3:").And.Contain("close"));
            Assert.That(File.Exists(Path.Combine(_directory, "out.csv")), Is.False);
        });
    }

    [Test]
    public async Task Main_NoOutputNorRepeat_UsageErrorExit1()
    {
        var input = IndicatorTestData.ExtractCandles("BTCUSDT-1h", _directory);

        var (exit, _, stderr) = await RunAsync("indicators", "--input", input);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("--output"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Main_Repeat_PrintsExactlyOneTimingLine(bool stream)
    {
        var input = IndicatorTestData.ExtractCandles("BTCUSDT-1h", _directory);
        string[] args = stream ? ["indicators", "--input", input, "--repeat", "2", "--stream"] : ["indicators", "--input", input, "--repeat", "2"];

        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.Match(TimingLine()));
    }

    [GeneratedRegex(@"^rows=10000 best_ms=\d+\.\d{3} ns_per_candle=\d+\.\d\n$")]
    private static partial Regex TimingLine();

    private static double MomentumOneRow(string input)
    {
        var lines = File.ReadAllLines(input);
        var c0 = double.Parse(lines[1].Split(',')[4], CultureInfo.InvariantCulture);
        var c1 = double.Parse(lines[2].Split(',')[4], CultureInfo.InvariantCulture);
        return (c1 / c0) - 1.0;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await Atra.Host.Program.Main(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
