namespace Coffer.Bench.Workloads;

/// <summary>Flag values that shape the requests of every test.</summary>
public sealed record WorkloadSettings(
    Uri Address,
    Uri BaselineAddress,
    string Mount,
    string TransitMount,
    int KvVersion,
    int PayloadBytes,
    int Keys,
    int Policies = 1,
    string Kvv2Mount = "kvv2-bench");
