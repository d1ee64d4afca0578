using Coffer.Core.Json;
using Coffer.Core.Routing;
using Coffer.Core.Seal;

namespace Coffer.Core.Engines.System;

/// <summary>
/// The <c>…/attempt</c> (read, start, cancel) and <c>…/update</c> requests of a generation flow. Answers are bare
/// JSON objects, as Vault's are; <paramref name="legacyRootField"/> adds the old root-token field names.
/// </summary>
internal static class RootGenerationRequests
{
    public static async Task<Response?> HandleAsync(Request request, IRootGenerationFlow flow, string attemptPath, string updatePath,
        bool legacyRootField, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var isWrite = request.Operation is Operation.Update or Operation.Create;
        if (path == attemptPath && request.Operation == Operation.Read)
        {
            return Bare((await flow.StatusAsync(cancellationToken)).ToJson(legacyRootField));
        }
        if (path == attemptPath && isWrite)
        {
            var started = await flow.StartAsync(LenientFields.GetString(request.Data, "otp"), LenientFields.GetString(request.Data, "pgp_key"),
                cancellationToken);
            return Bare(started.ToJson(legacyRootField));
        }
        if (path == attemptPath && request.Operation == Operation.Delete)
        {
            await flow.CancelAsync(cancellationToken);
            return null;
        }
        if (path == updatePath && isWrite)
        {
            var progress = await flow.UpdateAsync(LenientFields.GetString(request.Data, "key"), LenientFields.GetString(request.Data, "nonce"),
                cancellationToken);
            return Bare(progress.ToJson(legacyRootField));
        }
        throw CofferError.UnsupportedOperation();
    }

    private static Response Bare(global::System.Text.Json.Nodes.JsonObject body) => new() { RawEnvelope = body };
}
