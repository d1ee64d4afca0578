using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Replication.Tls;

namespace Coffer.Server.Cluster;

/// <summary>
/// A secondary's HTTP/2 client for its primary's cluster port: it presents the client certificate from the
/// activation bundle and trusts the server only through the bundle's CA, never through system roots. After a
/// failed call the next one dials the next known address of the primary.
/// </summary>
internal sealed class ClusterUpstream : IReplicationUpstream, IMerklePeer
{
    private readonly HttpClient _client;
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyList<string> _addresses;
    private int _addressIndex;

    public ClusterUpstream(UpstreamLink link)
    {
        _authority = X509Certificate2.CreateFromPem(link.CaCertificatePem);
        using var withKey = X509Certificate2.CreateFromPem(link.ClientCertificatePem, link.ClientPrivateKeyPem);
        // Re-imported so the private key is usable for the TLS handshake on every platform.
        _certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        _addresses = link.DialOrder().ToList();
        var ssl = new SslClientAuthenticationOptions
        {
            ClientCertificates = [_certificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => _certificate,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ClusterServerCertificateTrust.IsTrusted(_authority, certificate, errors, DateTimeOffset.UtcNow),
        };
        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = false,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public IMerklePeer Merkle => this;

    public Task<Stream> OpenBootstrapAsync(string activationToken, CancellationToken cancellationToken) =>
        OpenStreamAsync(HttpMethod.Post, ClusterEndpoints.BootstrapPath, new JsonObject { ["activation_token"] = activationToken }, cancellationToken);

    public Task<Stream> OpenWalStreamAsync(ulong afterIndex, string historyId, CancellationToken cancellationToken) =>
        OpenStreamAsync(HttpMethod.Get, $"{ClusterEndpoints.WalStreamPath}?after={afterIndex}&history={Uri.EscapeDataString(historyId)}", null,
            cancellationToken);

    public async Task<UpstreamAckReply> AcknowledgeAsync(SecondaryAck ack, CancellationToken cancellationToken)
    {
        var reply = await CallJsonAsync(HttpMethod.Post, ClusterEndpoints.AckPath, ack.ToJson(), cancellationToken);
        return new UpstreamAckReply(DateTimeOffset.Parse(reply["server_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            reply["history_id"]?.GetValue<string>() ?? "");
    }

    public async Task<MerklePeerState> StateAsync(CancellationToken cancellationToken = default)
    {
        var reply = await CallJsonAsync(HttpMethod.Get, ClusterEndpoints.MerkleStatePath, null, cancellationToken);
        var trees = reply["trees"]!.AsObject().ToDictionary(t => t.Key, t => Convert.FromBase64String(t.Value!.GetValue<string>()), StringComparer.Ordinal);
        return new MerklePeerState(reply["last_index"]!.GetValue<ulong>(), new MerkleSnapshot(trees, reply["root"]!.GetValue<string>()),
            reply["history_id"]?.GetValue<string>() ?? "");
    }

    public async Task<IReadOnlyList<MerkleLeaf>> LeavesAsync(string treeId, IReadOnlySet<int> buckets, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, ClusterEndpoints.MerkleLeavesPath,
            new JsonObject { ["tree"] = treeId, ["buckets"] = new JsonArray(buckets.Select(b => (JsonNode)b).ToArray()) },
            HttpCompletionOption.ResponseContentRead, cancellationToken);
        return MerkleLeafPage.Decode(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<KeyValuePair<string, byte[]?>>> FetchAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, ClusterEndpoints.FetchPath,
            new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()) }, HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        return EntryPageCodec.Decode(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private async Task<Stream> OpenStreamAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, path, body, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    private async Task<JsonObject> CallJsonAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await SendAsync(method, path, body, HttpCompletionOption.ResponseContentRead, timeout.Token);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token))!;
    }

    /// <summary>Sends to the current address; a transport failure moves on to the next one for the following call.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        var address = _addresses.Count == 0 ? throw CofferError.BadRequest("no primary cluster address is known") : _addresses[_addressIndex % _addresses.Count];
        using var request = new HttpRequestMessage(method, new Uri(new Uri(address), path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _addressIndex);
            throw;
        }
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new CofferError(HttpStatusCode.BadGateway, $"the primary answered {(int)response.StatusCode} at {path}: {text}");
        }
        return response;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _certificate.Dispose();
        _authority.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A response body that disposes its response with it, so a finished stream frees its HTTP/2 stream.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
