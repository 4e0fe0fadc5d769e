namespace Atra.Modules.MLOps.Contracts;

/// <summary>Bad MLOps input (too few rows, no baseline, unknown version …): the CLI exits 1 with this message, the API answers 400.</summary>
public sealed class MLOpsInputException(string message) : Exception(message);
