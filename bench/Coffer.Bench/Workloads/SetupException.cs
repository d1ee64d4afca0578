namespace Coffer.Bench.Workloads;

/// <summary>The server could not be prepared for a test; the run stops with exit code 1.</summary>
public sealed class SetupException(string message) : Exception(message);
