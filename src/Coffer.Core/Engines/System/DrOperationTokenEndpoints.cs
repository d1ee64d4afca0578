using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/replication/dr/secondary/generate-operation-token/*</c> and <c>operation-token/delete</c>
/// (spec/replication.md §4.2, §6.6). They authenticate with key shares or the DR operation token itself, never
/// with X-Vault-Token, and rely on nothing a DR secondary's passive core leaves unloaded. Like Vault, the
/// generation endpoints answer with a bare JSON object rather than the usual envelope.
/// </summary>
internal sealed class DrOperationTokenEndpoints(CofferCore core)
{
    public const string AttemptPath = "replication/dr/secondary/generate-operation-token/attempt";
    public const string UpdatePath = "replication/dr/secondary/generate-operation-token/update";
    public const string DeletePath = "replication/dr/secondary/operation-token/delete";

    /// <summary>Mount-relative paths of <c>sys/</c> that need no client token.</summary>
    public static readonly string[] Paths = [AttemptPath, UpdatePath, DeletePath];

    public static bool Handles(string path) => path is AttemptPath or UpdatePath or DeletePath;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.MountRelativePath == DeletePath && request.Operation is Operation.Update or Operation.Create)
        {
            await core.DrOperationTokens.DeleteAsync(LenientFields.GetString(request.Data, "dr_operation_token"), request.RemoteAddress,
                cancellationToken);
            return null;
        }
        return await RootGenerationRequests.HandleAsync(request, core.DrOperationTokens, AttemptPath, UpdatePath, legacyRootField: false,
            cancellationToken);
    }
}
