namespace Coffer.Core.Replication.Streaming;

/// <summary>The <c>state</c> and <c>connection_state</c> strings of spec/replication.md §5.2 and §5.3.</summary>
public static class ReplicationStates
{
    public const string Running = "running";
    public const string Idle = "idle";
    public const string StreamWals = "stream-wals";
    public const string MerkleDiff = "merkle-diff";
    public const string MerkleSync = "merkle-sync";

    public const string ConnectionIdle = "idle";
    public const string Connecting = "connecting";
    public const string Ready = "ready";
    public const string TransientFailure = "transient_failure";
    public const string Shutdown = "shutdown";
}
