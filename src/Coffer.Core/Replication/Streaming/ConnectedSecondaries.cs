using System.Collections.Concurrent;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// The primary's live view of its secondaries: open streams, their last acknowledgement, and a way to cut one
/// (revoke-secondary) or all (demote, disable, seal) at once. Nothing here is persisted; it is rebuilt as
/// secondaries reconnect.
/// </summary>
public sealed class ConnectedSecondaries(IClock clock)
{
    /// <summary>A secondary without a stream and without an acknowledgement for this long counts as disconnected.</summary>
    public static readonly TimeSpan ConnectedWindow = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Link> _links = new(StringComparer.Ordinal);

    /// <summary>Registers one open stream; the returned token is cancelled when the secondary is cut off.</summary>
    public StreamLease Open(string secondaryId, CancellationToken requestAborted)
    {
        var link = _links.GetOrAdd(secondaryId, id => new Link(id));
        lock (link)
        {
            link.Streams++;
            link.LastSeen = clock.UtcNow;
        }
        var cut = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, link.CutToken);
        return new StreamLease(this, link, cut);
    }

    public void RecordAck(string secondaryId, SecondaryAck ack)
    {
        var link = _links.GetOrAdd(secondaryId, id => new Link(id));
        lock (link)
        {
            link.Ack = ack;
            link.LastSeen = clock.UtcNow;
            link.LastHeartbeat = clock.UtcNow;
        }
    }

    public void RecordShipped(string secondaryId, ulong index)
    {
        if (_links.TryGetValue(secondaryId, out var link))
        {
            lock (link)
            {
                link.ShippedIndex = Math.Max(link.ShippedIndex, index);
                link.LastSeen = clock.UtcNow;
            }
        }
    }

    /// <summary>Ends every stream of <paramref name="secondaryId"/> now and forgets it.</summary>
    public void Cut(string secondaryId)
    {
        if (_links.TryRemove(secondaryId, out var link))
        {
            link.CutAll();
        }
    }

    public void CutAll()
    {
        foreach (var id in _links.Keys)
        {
            Cut(id);
        }
    }

    public SecondaryLinkView? Find(string secondaryId) => _links.TryGetValue(secondaryId, out var link) ? View(link) : null;

    public IReadOnlyList<SecondaryLinkView> Snapshot() => _links.Values.Select(View).ToList();

    private SecondaryLinkView View(Link link)
    {
        lock (link)
        {
            var connected = link.Streams > 0 || clock.UtcNow - link.LastSeen < ConnectedWindow;
            return new SecondaryLinkView(link.Id, connected, link.Ack, link.LastHeartbeat, link.ShippedIndex);
        }
    }

    private void Close(Link link)
    {
        lock (link)
        {
            link.Streams--;
            link.LastSeen = clock.UtcNow;
        }
    }

    internal sealed class Link(string id)
    {
        private CancellationTokenSource _cut = new();

        public string Id => id;
        public int Streams { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public DateTimeOffset? LastHeartbeat { get; set; }
        public SecondaryAck? Ack { get; set; }
        public ulong ShippedIndex { get; set; }
        public CancellationToken CutToken => _cut.Token;

        public void CutAll() => Interlocked.Exchange(ref _cut, new CancellationTokenSource()).Cancel();
    }

    /// <summary>One open stream; disposing it marks the stream closed.</summary>
    public sealed class StreamLease : IDisposable
    {
        private readonly ConnectedSecondaries _owner;
        private readonly Link _link;
        private readonly CancellationTokenSource _cut;
        private int _disposed;

        internal StreamLease(ConnectedSecondaries owner, Link link, CancellationTokenSource cut)
        {
            _owner = owner;
            _link = link;
            _cut = cut;
        }

        /// <summary>Cancelled when the request ends or the secondary is cut off.</summary>
        public CancellationToken Token => _cut.Token;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owner.Close(_link);
                _cut.Dispose();
            }
        }
    }
}

/// <param name="Connected">An open stream, or an acknowledgement within <see cref="ConnectedSecondaries.ConnectedWindow"/>.</param>
public sealed record SecondaryLinkView(string Id, bool Connected, SecondaryAck? Ack, DateTimeOffset? LastHeartbeat, ulong ShippedIndex);
