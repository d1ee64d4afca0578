using Coffer.Core.Replication.Merkle;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// A secondary's connection to its primary's cluster port. The core decides what to ask and what to do with the
/// answers; the server implements the transport (HTTP/2 over mutual TLS), so no HTTP type reaches the core.
/// </summary>
public interface IReplicationUpstream : IAsyncDisposable
{
    /// <summary>Frames of a bootstrap snapshot (<see cref="WalShipper.BootstrapAsync"/>).</summary>
    Task<Stream> OpenBootstrapAsync(string activationToken, CancellationToken cancellationToken);

    /// <summary>Frames of a WAL stream from after <paramref name="afterIndex"/> of history <paramref name="historyId"/>.</summary>
    Task<Stream> OpenWalStreamAsync(ulong afterIndex, string historyId, CancellationToken cancellationToken);

    Task<UpstreamAckReply> AcknowledgeAsync(SecondaryAck ack, CancellationToken cancellationToken);

    IMerklePeer Merkle { get; }
}

/// <param name="ServerTime">The primary's clock when it handled the acknowledgement (clock skew).</param>
/// <param name="HistoryId">The primary's WAL history id (a position from another history cannot be streamed from).</param>
public sealed record UpstreamAckReply(DateTimeOffset ServerTime, string HistoryId);

/// <summary>How a secondary reaches primaries: the API port for unwrapping an activation token, the cluster port after.</summary>
public interface IReplicationTransport
{
    IReplicationUpstream Connect(UpstreamLink link);

    /// <summary>
    /// Unwraps <paramref name="wrappingToken"/> at <paramref name="primaryApiAddress"/> and returns the wrapped
    /// data. Failures are <see cref="CofferError"/>s naming the primary's status code.
    /// </summary>
    Task<System.Text.Json.Nodes.JsonObject> UnwrapAsync(string primaryApiAddress, string wrappingToken, string? caFile, string? caPath,
        CancellationToken cancellationToken);
}
