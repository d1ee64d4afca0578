namespace Coffer.Bench.Workloads;

/// <summary>What a test's setup phase may use: the same client the timed phase will use.</summary>
public sealed record SetupContext(HttpClient Client, int Parallelism, TextWriter Log);
