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
        return await RootGenerationRequests.HandleAsync(request, core.RootGeneration, AttemptPath, UpdatePath, legacyRootField: true,
            cancellationToken);
    }
}
