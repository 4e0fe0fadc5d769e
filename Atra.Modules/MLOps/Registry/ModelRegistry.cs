using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.MLOps.Training;
using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace Atra.Modules.MLOps.Registry;

/// <summary>
/// The model registry: plain files under <c>MLOps:RegistryFolder</c> (default <c>models</c> beside the database), so
/// an operator can read, copy and back them up. <c>versions/NNNNNN/</c> holds <c>model.zip</c>, <c>card.json</c> and
/// <c>evaluation.csv</c> (the out-of-sample rows the gate compares on); <c>aliases.json</c> the aliases;
/// <c>audit.jsonl</c> every alias move and refusal, append-only. Every change happens under a lock file (the CLI and
/// the service may both write) and every file is written beside its target and renamed over it, so a reader never
/// sees half a file. Versions are never deleted.
/// </summary>
internal sealed class ModelRegistry(IOptions<MLOpsOptions> options, IOptions<StorageOptions> storage, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    public string Folder { get; } = ResolveFolder(options.Value.RegistryFolder, storage.Value.Sqlite);

    private string AliasesPath => Path.Combine(Folder, "aliases.json");

    private string AuditPath => Path.Combine(Folder, "audit.jsonl");

    public static string ResolveFolder(string configured, string sqlite) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sqlite)) ?? ".", "models")
            : configured);

    public string VersionFolder(int version) => Path.Combine(Folder, "versions", version.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>Stores a trained model as the next version (and makes it the challenger); returns its card.</summary>
    public ModelCard Register(TrainingResult result, MLOpsOptions settings, long? windowFromMs, long? windowToMs, string actor)
    {
        using var gate = Lock();
        var version = NextVersion();
        var folder = VersionFolder(version);
        var staging = folder + ".tmp";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);
        var ml = new MLContext(settings.Seed);
        var zip = Path.Combine(staging, "model.zip");
        ml.Model.Save(result.Model.Transformer, FamilyTrainer.InputSchema(ml), zip);
        var chosen = result.Candidates.First(c => c.Trainer == result.Trainer);
        var card = new ModelCard
        {
            Version = version,
            CreatedAt = clock.GetUtcNow(),
            Trainer = result.Trainer,
            HyperParameters = result.HyperParameters,
            Seed = settings.Seed,
            MlNetVersion = ModelCard.CurrentMlNetVersion,
            SchemaHash = FeatureSchema.Hash,
            Features = FeatureSchema.Names,
            Rows = new RowsInfo
            {
                Source = result.Rows.Source,
                Hash = result.Rows.Hash,
                Count = result.Rows.Count,
                FirstSignalMs = result.Rows.FirstSignalMs,
                LastExitMs = result.Rows.LastExitMs,
                WindowFromMs = windowFromMs,
                WindowToMs = windowToMs,
            },
            Folds = settings.Folds,
            Embargo = settings.Embargo,
            Candidates = result.Candidates,
            Chosen = chosen,
            Reliability = result.Reliability,
            Importance = result.Importance,
            Quality = result.Quality,
            Calibrator = result.Model.Calibrator,
            FeatureStats = result.Model.Stats,
            Fingerprint = result.Fingerprint,
            ZipSha256 = Sha256(zip),
        };
        WriteAtomic(Path.Combine(staging, "card.json"), JsonSerializer.Serialize(card, Json));
        WriteAtomic(Path.Combine(staging, "evaluation.csv"), EvaluationCsv(result));
        Directory.Move(staging, folder);
        var aliases = ReadAliases();
        WriteAliases(aliases with { Challenger = version });
        Append(new AuditEntry(clock.GetUtcNow(), "register", "challenger", aliases.Challenger, version,
            $"trained {result.Trainer} on {result.Rows.Count} rows ({result.Rows.Source}); fingerprint {result.Fingerprint[..12]}", actor));
        return card;
    }

    public Aliases ReadAliases()
    {
        if (!File.Exists(AliasesPath))
        {
            return Aliases.Empty;
        }
        return JsonSerializer.Deserialize<Aliases>(File.ReadAllText(AliasesPath), Json) ?? Aliases.Empty;
    }

    /// <summary>Changes the aliases and records why, atomically under the lock; <paramref name="change"/> sees the current ones.</summary>
    public Aliases Move(Func<Aliases, (Aliases Next, AuditEntry Entry)> change)
    {
        using var gate = Lock();
        var (next, entry) = change(ReadAliases());
        if (next != ReadAliases())
        {
            WriteAliases(next);
        }
        Append(entry);
        return next;
    }

    /// <summary>Records a decision that moves no alias (a refused challenger).</summary>
    public void Record(AuditEntry entry)
    {
        using var gate = Lock();
        Append(entry);
    }

    public ModelCard? ReadCard(int version)
    {
        var path = Path.Combine(VersionFolder(version), "card.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), Json) : null;
    }

    public IReadOnlyList<ModelCard> List()
    {
        var root = Path.Combine(Folder, "versions");
        if (!Directory.Exists(root))
        {
            return [];
        }
        var cards = new List<ModelCard>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && ReadCard(v) is { } card)
            {
                cards.Add(card);
            }
        }
        cards.Sort((a, b) => a.Version.CompareTo(b.Version));
        return cards;
    }

    public IReadOnlyList<AuditEntry> Audit()
    {
        if (!File.Exists(AuditPath))
        {
            return [];
        }
        var entries = new List<AuditEntry>();
        foreach (var line in File.ReadLines(AuditPath))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                entries.Add(JsonSerializer.Deserialize<AuditEntry>(line, Json)!);
            }
        }
        return entries;
    }

    /// <summary>
    /// Loads a version for serving. Refused with a clear reason when its files are missing, the zip's SHA-256 differs
    /// from the card's (a damaged or replaced file), or it was trained under another feature schema than this build's.
    /// </summary>
    public (ScoringModel Model, ModelCard Card) Load(int version)
    {
        var card = ReadCard(version) ?? throw new MLOpsInputException($"model version {version} is not in the registry ({Folder})");
        if (!string.Equals(card.SchemaHash, FeatureSchema.Hash, StringComparison.Ordinal))
        {
            throw new MLOpsInputException(
                $"model version {version} was trained on feature schema {Short(card.SchemaHash)}, but this build computes schema {Short(FeatureSchema.Hash)}: retrain it (atra mlops --action retrain)");
        }
        var zip = Path.Combine(VersionFolder(version), "model.zip");
        if (!File.Exists(zip))
        {
            throw new MLOpsInputException($"model version {version}: {zip} is missing");
        }
        if (!string.Equals(Sha256(zip), card.ZipSha256, StringComparison.Ordinal))
        {
            throw new MLOpsInputException($"model version {version}: {zip} does not match the SHA-256 in its card (damaged or replaced)");
        }
        var ml = new MLContext(card.Seed);
        ITransformer transformer;
        using (var stream = File.OpenRead(zip))
        {
            transformer = ml.Model.Load(stream, out _);
        }
        return (new ScoringModel(ml, transformer, card.Calibrator, card.FeatureStats, version), card);
    }

    /// <summary>The rows the version was evaluated on out of sample, with its probabilities and their features.</summary>
    public IReadOnlyList<EvaluationRow> ReadEvaluation(int version)
    {
        var path = Path.Combine(VersionFolder(version), "evaluation.csv");
        if (!File.Exists(path))
        {
            return [];
        }
        var rows = new List<EvaluationRow>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            var features = new double[FeatureSchema.Count];
            for (var j = 0; j < features.Length; j++)
            {
                features[j] = cells[5 + j].Length == 0 ? double.NaN : double.Parse(cells[5 + j], CultureInfo.InvariantCulture);
            }
            rows.Add(new EvaluationRow(cells[0], long.Parse(cells[1], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture),
                double.Parse(cells[3], CultureInfo.InvariantCulture), double.Parse(cells[4], CultureInfo.InvariantCulture), features));
        }
        return rows;
    }

    public T? ReadDocument<T>(string name)
        where T : class
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) : null;
    }

    public void WriteDocument<T>(string name, T document)
    {
        using var gate = Lock();
        WriteAtomic(Path.Combine(Folder, name), JsonSerializer.Serialize(document, Json));
    }

    /// <summary>When <c>aliases.json</c> last changed (the serving model reloads when this moves).</summary>
    public DateTime AliasesStamp() => File.Exists(AliasesPath) ? File.GetLastWriteTimeUtc(AliasesPath) : DateTime.MinValue;

    private static string EvaluationCsv(TrainingResult result)
    {
        var sb = new StringBuilder();
        sb.Append("symbol,signal_time_ms,exit_time_ms,profit_pct,probability,").AppendJoin(',', FeatureSchema.Names).Append('\n');
        for (var k = 0; k < result.EvaluationRows.Count; k++)
        {
            var r = result.Rows.Rows[result.EvaluationRows[k]];
            sb.Append(r.Symbol).Append(',').Append(r.SignalTimeMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.ExitTimeMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.ProfitPct.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(result.EvaluationProbabilities[k].ToString("R", CultureInfo.InvariantCulture));
            foreach (var v in r.Features)
            {
                sb.Append(',').Append(double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private int NextVersion()
    {
        var root = Path.Combine(Folder, "versions");
        var max = 0;
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.EnumerateDirectories(root))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    max = Math.Max(max, v);
                }
            }
        }
        return max + 1;
    }

    private void WriteAliases(Aliases aliases) => WriteAtomic(AliasesPath, JsonSerializer.Serialize(aliases, Json));

    private void Append(AuditEntry entry)
    {
        Directory.CreateDirectory(Folder);
        using var stream = new FileStream(AuditPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, JsonLine) + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void WriteAtomic(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>An exclusive lock file; waits up to 30 s for another process (the service or a CLI run) to finish its change.</summary>
    private FileStream Lock()
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "registry.lock");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

/// <summary>A row of a version's <c>evaluation.csv</c>.</summary>
internal sealed record EvaluationRow(string Symbol, long SignalTimeMs, long ExitTimeMs, double ProfitPct, double Probability, double[] Features);
