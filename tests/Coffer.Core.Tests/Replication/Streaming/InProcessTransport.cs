using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>
/// The server's cluster transport (Coffer.Server/Cluster: ClusterTransport, ClusterUpstream, ClusterEndpoints)
/// without sockets: calls go straight to the primary core's <see cref="WalShipper"/>, streams run through an
/// <see cref="InMemoryPipe"/> fed by the shipper in a task. Semantics follow the server's: every call first checks
/// the link's client certificate against the primary's replication CA (a revoked secondary is refused, as the
/// cluster port refuses it); a primary that fails before writing answers with an error status (a
/// <see cref="CofferError"/> 502 naming it, as ClusterUpstream reports it); a failure after the stream started
/// resets the stream. <see cref="Cut"/> is a network partition until <see cref="Restore"/>.
/// </summary>
internal sealed class InProcessTransport(Func<CofferCore?> primary) : IReplicationTransport
{
    private readonly ConcurrentDictionary<InMemoryPipe, byte> _live = new();
    private volatile bool _cut;
    private volatile bool _apiCut;

    public InProcessTransport() : this(() => null)
    {
    }

    /// <summary>Which core answers as the primary; may be re-pointed (failover, restarts).</summary>
    public Func<CofferCore?> Primary { get; set; } = primary;

    public int OpenedStreams => Volatile.Read(ref _openedStreams);

    /// <summary>
    /// When set, the next bootstrap stream is reset just before its <see cref="ReplicationFrameType.BootstrapEnd"/>
    /// frame: every page of entries has arrived (the wipe has begun) but the keyring batch never comes.
    /// </summary>
    public bool BreakNextBootstrapBeforeEnd { get; set; }

    /// <summary>While set, the primary's API cannot be reached (no unwrap); the cluster port still can.</summary>
    public bool ApiUnreachable { get; set; }

    /// <summary>When set, the next WAL batch sent on any stream arrives with a corrupt record count.</summary>
    public bool CorruptNextWalBatch { get; set; }

    private int _openedStreams;

    /// <summary>
    /// Every live stream fails at once; new calls fail until <see cref="Restore"/>. With
    /// <paramref name="includingApi"/> false only the cluster port is unreachable (the unwrap at the API still works).
    /// </summary>
    public void Cut(bool includingApi = true)
    {
        _cut = true;
        _apiCut = includingApi;
        foreach (var pipe in _live.Keys)
        {
            pipe.Fail(new IOException("connection reset (transport cut)"));
        }
    }

    public void Restore()
    {
        _cut = false;
        _apiCut = false;
    }

    public IReplicationUpstream Connect(UpstreamLink link) => new Upstream(this, link);

    public async Task<JsonObject> UnwrapAsync(string primaryApiAddress, string wrappingToken, string? caFile, string? caPath,
        CancellationToken cancellationToken)
    {
        if (_apiCut || ApiUnreachable)
        {
            throw CofferError.BadRequest("error unwrapping secondary token: connection refused (transport cut)");
        }
        var core = Primary() ?? throw CofferError.BadRequest("error unwrapping secondary token: no primary is listening");
        Response? response;
        try
        {
            response = await core.HandleAsync(new Request
            {
                Operation = Operation.Update,
                Path = "sys/wrapping/unwrap",
                ClientToken = wrappingToken,
                Data = new JsonObject(),
            }, cancellationToken);
        }
        catch (CofferError error)
        {
            throw CofferError.BadRequest(
                $"error response unwrapping secondary token; status code is {(int)error.Status}, message is \"{string.Join("; ", error.Errors)}\"");
        }
        var data = response?.Data ?? response?.RawEnvelope?["data"] as JsonObject;
        return data?.DeepClone().AsObject() ?? throw CofferError.BadRequest("the primary's unwrap answer holds no data");
    }

    private CofferCore RequireReachable()
    {
        if (_cut)
        {
            throw new HttpRequestException("connection refused (transport cut)");
        }
        return Primary() ?? throw new HttpRequestException("connection refused (no primary)");
    }

    /// <summary>What ClusterEndpoints does before anything else: the certificate names a live secondary of this CA.</summary>
    private static string Authenticate(CofferCore core, X509Certificate2 certificate, string path)
    {
        var verdict = core.ClusterTls.Authority?.CreateValidator().Validate(certificate);
        if (verdict is null || !verdict.Accepted || verdict.SecondaryId is not { } secondaryId)
        {
            throw Refused(path, 403, "permission denied");
        }
        return secondaryId;
    }

    private static WalShipper Shipper(CofferCore core, string path) =>
        core.DrShipper ?? throw Refused(path, 400, "replication is not available: this server's storage has no replication log");

    private static CofferError Refused(string path, int status, string message) =>
        new(HttpStatusCode.BadGateway, $"the primary answered {status} at {path}: {{\"errors\":[\"{message}\"]}}");

    private static CofferError Refused(string path, CofferError error) => Refused(path, (int)error.Status, string.Join("; ", error.Errors));

    /// <summary>Passes writes through until a frame header announces <see cref="ReplicationFrameType.BootstrapEnd"/>, then resets.</summary>
    private sealed class BreakBeforeEnd(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // ReplicationFrameWriter writes each 5-byte header on its own: [u32 length][u8 type].
            if (buffer.Length == 5 && buffer.Span[4] == (byte)ReplicationFrameType.BootstrapEnd)
            {
                throw new IOException("connection reset during the bootstrap (fault injected)");
            }
            return inner.WriteAsync(buffer, cancellationToken);
        }
    }

    /// <summary>Overwrites the record count of the first WAL batch payload after <see cref="CorruptNextWalBatch"/> was set.</summary>
    private sealed class CorruptBatch(Stream inner, InProcessTransport transport) : Stream
    {
        private bool _payloadNext;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_payloadNext)
            {
                _payloadNext = false;
                var corrupt = buffer.ToArray();
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(corrupt, int.MaxValue);
                return inner.WriteAsync(corrupt, cancellationToken);
            }
            if (buffer.Length == 5 && buffer.Span[4] == (byte)ReplicationFrameType.WalBatch && transport.CorruptNextWalBatch)
            {
                transport.CorruptNextWalBatch = false;
                _payloadNext = true;
            }
            return inner.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class Upstream : IReplicationUpstream, IMerklePeer
    {
        private readonly InProcessTransport _transport;
        private readonly X509Certificate2 _certificate;
        private readonly ConcurrentDictionary<InMemoryPipe, byte> _mine = new();

        public Upstream(InProcessTransport transport, UpstreamLink link)
        {
            _transport = transport;
            // The secondary id the primary acts on comes from the certificate, as on the cluster port.
            _certificate = X509Certificate2.CreateFromPem(link.ClientCertificatePem);
        }

        public IMerklePeer Merkle => this;

        public Task<Stream> OpenBootstrapAsync(string activationToken, CancellationToken cancellationToken)
        {
            var breakIt = _transport.BreakNextBootstrapBeforeEnd;
            _transport.BreakNextBootstrapBeforeEnd = false;
            return OpenAsync("/cluster/v1/dr/bootstrap",
                (shipper, id, output, aborted) => shipper.BootstrapAsync(id, activationToken, breakIt ? new BreakBeforeEnd(output) : output, aborted),
                cancellationToken);
        }

        public Task<Stream> OpenWalStreamAsync(ulong afterIndex, string historyId, CancellationToken cancellationToken) =>
            OpenAsync("/cluster/v1/dr/wal",
                (shipper, id, output, aborted) => shipper.StreamAsync(id, afterIndex, historyId, new CorruptBatch(output, _transport), aborted),
                cancellationToken);

        public Task<UpstreamAckReply> AcknowledgeAsync(SecondaryAck ack, CancellationToken cancellationToken)
        {
            const string path = "/cluster/v1/dr/ack";
            var core = _transport.RequireReachable();
            var id = Authenticate(core, _certificate, path);
            try
            {
                var shipper = Shipper(core, path);
                // Through JSON, as on the wire.
                var time = shipper.Acknowledge(id, SecondaryAck.Parse(ack.ToJson()));
                return Task.FromResult(new UpstreamAckReply(time, shipper.HistoryId));
            }
            catch (CofferError error)
            {
                throw Refused(path, error);
            }
        }

        public Task<MerklePeerState> StateAsync(CancellationToken cancellationToken = default) =>
            Peer("/cluster/v1/dr/merkle/state").StateAsync(cancellationToken);

        public Task<IReadOnlyList<MerkleLeaf>> LeavesAsync(string treeId, IReadOnlySet<int> buckets, CancellationToken cancellationToken = default) =>
            Peer("/cluster/v1/dr/merkle/leaves").LeavesAsync(treeId, buckets, cancellationToken);

        public async Task<IReadOnlyList<KeyValuePair<string, byte[]?>>> FetchAsync(IReadOnlyList<string> keys,
            CancellationToken cancellationToken = default)
        {
            var entries = await Peer("/cluster/v1/dr/merkle/fetch").FetchAsync(keys, cancellationToken);
            // Through the entry page codec, as on the wire.
            return EntryPageCodec.Decode(EntryPageCodec.Encode(entries));
        }

        private LocalMerklePeer Peer(string path)
        {
            var core = _transport.RequireReachable();
            Authenticate(core, _certificate, path);
            try
            {
                var shipper = Shipper(core, path);
                if (core.ReplicationRoles.State.DrMode != ReplicationRoleState.Primary || core.IsSealed)
                {
                    throw CofferError.BadRequest("this cluster is not a DR primary");
                }
                return new LocalMerklePeer(core.ReplicationLog!, core.ReplicationLog!.Classifier, shipper.HistoryId);
            }
            catch (CofferError error)
            {
                throw Refused(path, error);
            }
        }

        /// <summary>
        /// Starts the primary's side in a task and returns the reading end once the response "started" (first
        /// bytes); a primary that fails or ends before that answers with an error status instead, as over HTTP.
        /// </summary>
        private async Task<Stream> OpenAsync(string path, Func<WalShipper, string, Stream, CancellationToken, Task> serve,
            CancellationToken cancellationToken)
        {
            var core = _transport.RequireReachable();
            var id = Authenticate(core, _certificate, path);
            WalShipper shipper;
            try
            {
                shipper = Shipper(core, path);
            }
            catch (CofferError error)
            {
                throw Refused(path, error);
            }
            var pipe = new InMemoryPipe();
            _transport._live[pipe] = 0;
            _mine[pipe] = 0;
            Interlocked.Increment(ref _transport._openedStreams);
            // Yields the primary's failure instead of throwing it, so an abandoned stream leaves no unobserved task.
            var serving = Task.Run(async () =>
            {
                try
                {
                    await serve(shipper, id, pipe.Writer, pipe.ReaderGone);
                    pipe.Complete();
                    return null;
                }
                catch (Exception e)
                {
                    pipe.Complete(new IOException("the primary reset the stream", e));
                    return e;
                }
                finally
                {
                    _transport._live.TryRemove(pipe, out _);
                    _mine.TryRemove(pipe, out _);
                }
            }, CancellationToken.None);
            if (_transport._cut)
            {
                // Cut raced the registration above.
                pipe.Fail(new IOException("connection reset (transport cut)"));
            }
            await Task.WhenAny(pipe.FirstWrite, serving).WaitAsync(cancellationToken);
            if (!pipe.FirstWrite.IsCompleted && serving is { IsCompleted: true, Result: { } failure })
            {
                await pipe.Reader.DisposeAsync();
                var error = failure.GetBaseException();
                throw error is CofferError coffer ? Refused(path, coffer) : new HttpRequestException("the primary reset the stream", error);
            }
            return pipe.Reader;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var pipe in _mine.Keys)
            {
                pipe.Fail(new IOException("the client was disposed"));
            }
            _certificate.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
