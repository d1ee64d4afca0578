using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/generate-root/attempt</c> and <c>/update</c> (spec/vault-api.md, Vault's generate-root API): a new root
/// token from a quorum of unseal key shares. Authenticated by the shares, not by X-Vault-Token, and answered with
/// a bare JSON object as Vault does. A DR secondary refuses these paths (its gate); it has generate-operation-token.
/// </summary>
internal sealed class GenerateRootEndpoints(CofferCore core)
{
    public const string AttemptPath = "generate-root/attempt";
    public const string UpdatePath = "generate-root/update";

    public static bool Handles(string path) => path is AttemptPath or UpdatePath;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.NamespaceId != "root")
        {
            throw CofferError.UnsupportedPath("sys/" + request.MountRelativePath);
        }
        var isWrite = request.Operation is Operation.Update or Operation.Create;
        switch (request.MountRelativePath)
        {
            case AttemptPath when request.Operation == Operation.Read:
                return Bare((await core.RootGeneration.StatusAsync(cancellationToken)).ToJson(legacyRootField: true));
            case AttemptPath when isWrite:
                var started = await core.RootGeneration.StartAsync(LenientFields.GetString(request.Data, "otp"),
                    LenientFields.GetString(request.Data, "pgp_key"), cancellationToken);
                return Bare(started.ToJson(legacyRootField: true));
            case AttemptPath when request.Operation == Operation.Delete:
                await core.RootGeneration.CancelAsync(cancellationToken);
                return null;
            case UpdatePath when isWrite:
                var progress = await core.RootGeneration.UpdateAsync(LenientFields.GetString(request.Data, "key"),
                    LenientFields.GetString(request.Data, "nonce"), cancellationToken);
                return Bare(progress.ToJson(legacyRootField: true));
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private static Response Bare(global::System.Text.Json.Nodes.JsonObject body) => new() { RawEnvelope = body };
}
