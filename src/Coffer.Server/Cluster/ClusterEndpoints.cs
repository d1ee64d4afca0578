using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Replication.Tls;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Cluster;

/// <summary>
/// Requests on the cluster port, translated to the core's <see cref="WalShipper"/>. The handshake already proved the
/// caller; each request checks the certificate again against the CA's current records, so a secondary revoked
/// while connected loses access at once. Streams answer with frames (<see cref="ReplicationFrameWriter"/>), merkle
/// calls with JSON, key fetches with an entry page.
/// </summary>
internal sealed class ClusterEndpoints(CofferCore core)
{
    public const string PingPath = "/cluster/v1/ping";
    public const string BootstrapPath = "/cluster/v1/dr/bootstrap";
    public const string WalStreamPath = "/cluster/v1/dr/wal";
    public const string AckPath = "/cluster/v1/dr/ack";
    public const string MerkleStatePath = "/cluster/v1/dr/merkle/state";
    public const string MerkleLeavesPath = "/cluster/v1/dr/merkle/leaves";
    public const string FetchPath = "/cluster/v1/dr/merkle/fetch";

    private const string FrameContentType = "application/vnd.coffer.replication-frames";

    public async Task HandleAsync(HttpContext context)
    {
        var authority = core.ClusterTls.Authority;
        var verdict = authority?.CreateValidator().Validate(context.Connection.ClientCertificate);
        if (verdict is null || !verdict.Accepted || verdict.SecondaryId is not { } secondaryId)
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, Errors("permission denied"));
            return;
        }
        var path = context.Request.Path.Value;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        var isPost = HttpMethods.IsPost(context.Request.Method);
        try
        {
            switch (path)
            {
                case PingPath when isGet:
                    // The server time lets a secondary measure clock skew.
                    await WriteAsync(context, StatusCodes.Status200OK, new JsonObject
                    {
                        ["secondary_id"] = secondaryId,
                        ["server_time"] = core.Clock.UtcNow.ToString("O"),
                        ["cluster_id"] = core.Cluster?.Id,
                    });
                    return;
                case BootstrapPath when isPost:
                    var body = await ReadJsonAsync(context);
                    var shipper = Shipper();
                    StartFrames(context);
                    await shipper.BootstrapAsync(secondaryId, body["activation_token"]?.GetValue<string>() ?? "", context.Response.Body,
                        context.RequestAborted);
                    return;
                case WalStreamPath when isGet:
                    var after = ulong.TryParse(context.Request.Query["after"], out var index) ? index : 0;
                    var stream = Shipper();
                    StartFrames(context);
                    await stream.StreamAsync(secondaryId, after, context.Request.Query["history"].ToString(), context.Response.Body,
                        context.RequestAborted);
                    return;
                case AckPath when isPost:
                    var ack = SecondaryAck.Parse(await ReadJsonAsync(context));
                    var time = Shipper().Acknowledge(secondaryId, ack);
                    await WriteAsync(context, StatusCodes.Status200OK, new JsonObject
                    {
                        ["server_time"] = time.ToString("O"),
                        ["history_id"] = Shipper().HistoryId,
                    });
                    return;
                case MerkleStatePath when isGet:
                    await WriteAsync(context, StatusCodes.Status200OK, MerkleStateJson(await Peer().StateAsync(context.RequestAborted)));
                    return;
                case MerkleLeavesPath when isPost:
                    var request = await ReadJsonAsync(context);
                    var leaves = await Peer().LeavesAsync(request["tree"]!.GetValue<string>(),
                        request["buckets"]!.AsArray().Select(b => b!.GetValue<int>()).ToHashSet(), context.RequestAborted);
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(MerkleLeafPage.Encode(leaves), context.RequestAborted);
                    return;
                case FetchPath when isPost:
                    var keys = (await ReadJsonAsync(context))["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
                    var entries = await Peer().FetchAsync(keys, context.RequestAborted);
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(EntryPageCodec.Encode(entries), context.RequestAborted);
                    return;
                case PingPath or BootstrapPath or WalStreamPath or AckPath or MerkleStatePath or MerkleLeavesPath or FetchPath:
                    await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, Errors("unsupported operation"));
                    return;
                default:
                    await WriteAsync(context, StatusCodes.Status404NotFound, Errors("unsupported path"));
                    return;
            }
        }
        catch (CofferError error) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, (int)error.Status, new JsonObject { ["errors"] = new JsonArray(error.Errors.Select(e => (JsonNode)e).ToArray()) });
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException &&
                                  !context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, Errors("malformed request"));
        }
        catch (CofferError)
        {
            // The stream had started: ending it is the only answer left (the secondary reconnects).
            context.Abort();
        }
    }

    private WalShipper Shipper() =>
        core.DrShipper ?? throw CofferError.BadRequest("replication is not available: this server's storage has no replication log");

    private LocalMerklePeer Peer()
    {
        var shipper = Shipper();
        if (core.ReplicationRoles.State.DrMode != Core.Replication.Roles.ReplicationRoleState.Primary || core.IsSealed)
        {
            throw CofferError.BadRequest("this cluster is not a DR primary");
        }
        return new LocalMerklePeer(core.ReplicationLog!, core.ReplicationLog!.Classifier, shipper.HistoryId);
    }

    private static JsonObject MerkleStateJson(MerklePeerState state) => new()
    {
        ["last_index"] = state.LastIndex,
        ["history_id"] = state.HistoryId,
        ["root"] = state.Snapshot.RootHex,
        ["trees"] = new JsonObject(state.Snapshot.Trees.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Convert.ToBase64String(t.Value)))),
    };

    private static void StartFrames(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = FrameContentType;
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))?.AsObject()
        ?? throw CofferError.BadRequest("missing request body");

    private static JsonObject Errors(string message) => new() { ["errors"] = new JsonArray(message) };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted);
    }
}
