using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/replication/dr/secondary/*</c> role changes (spec/replication.md §4.2). Enable is a normal authenticated
/// call on the cluster about to become a secondary; promote, update-primary and disable run on a DR secondary,
/// which has no token store in use, so they authenticate with a DR operation token in the body instead.
/// </summary>
internal sealed class DrSecondaryEndpoints(CofferCore core)
{
    public const string EnablePath = "replication/dr/secondary/enable";
    public const string GeneratePublicKeyPath = "replication/dr/secondary/generate-public-key";

    private const string PromotePath = "replication/dr/secondary/promote";
    private const string UpdatePrimaryPath = "replication/dr/secondary/update-primary";
    private const string DisablePath = "replication/dr/secondary/disable";

    /// <summary>Paths that carry their own credential (<c>dr_operation_token</c>) instead of X-Vault-Token.</summary>
    public static bool IsOperationTokenPath(string path) =>
        path is PromotePath or UpdatePrimaryPath or DisablePath or ReplicationEndpoints.DrSecondaryReindexPath or ReplicationEndpoints.DrSecondaryMerkleCheckPath
            or ReplicationEndpoints.DrSecondaryRecoverPath;

    public static bool Handles(string path) => path is EnablePath or GeneratePublicKeyPath or PromotePath or UpdatePrimaryPath or DisablePath;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Update or Operation.Create))
        {
            throw CofferError.UnsupportedOperation();
        }
        var path = request.MountRelativePath;
        if (IsOperationTokenPath(path))
        {
            await core.DrOperationTokens.VerifyAsync(LenientFields.GetString(request.Data, "dr_operation_token"), "sys/" + path,
                request.RemoteAddress, cancellationToken);
        }
        switch (path)
        {
            case EnablePath:
                await EnableAsync(request, cancellationToken);
                return WipeWarning();
            case GeneratePublicKeyPath:
                return await GeneratePublicKeyAsync(request, cancellationToken);
            case PromotePath:
                await core.PromoteDrSecondaryAsync(LenientFields.GetString(request.Data, "primary_cluster_addr") ?? "",
                    LenientFields.GetBool(request.Data, "force") ?? false, cancellationToken);
                return null;
            case UpdatePrimaryPath:
                await UpdatePrimaryAsync(request, cancellationToken);
                return null;
            default:
                await core.DisableDrSecondaryAsync(cancellationToken);
                return null;
        }
    }

    private async Task EnableAsync(Request request, CancellationToken cancellationToken)
    {
        var token = LenientFields.GetString(request.Data, "token");
        if (string.IsNullOrEmpty(token))
        {
            throw CofferError.BadRequest("missing activation token");
        }
        var apiAddress = LenientFields.GetString(request.Data, "primary_api_addr");
        var bundle = await OpenActivationAsync(token, apiAddress, request, cancellationToken);
        await core.ActivateDrSecondaryAsync(bundle, apiAddress, cancellationToken);
    }

    private async Task UpdatePrimaryAsync(Request request, CancellationToken cancellationToken)
    {
        var hasToken = request.Data.ContainsKey("token");
        var token = LenientFields.GetString(request.Data, "token");
        var addresses = Auth.StringListField.Get(request.Data, "update_primary_addrs");
        if (!string.IsNullOrEmpty(token) && addresses is { Count: > 0 })
        {
            throw CofferError.BadRequest("token and update_primary_addrs are mutually exclusive");
        }
        if (!hasToken && addresses is not { Count: > 0 })
        {
            throw CofferError.BadRequest("either token or update_primary_addrs must be given");
        }
        var apiAddress = LenientFields.GetString(request.Data, "primary_api_addr");
        var bundle = string.IsNullOrEmpty(token) ? null : await OpenActivationAsync(token, apiAddress, request, cancellationToken);
        await core.UpdateDrPrimaryAsync(bundle, apiAddress, addresses?.Select(NormalizeClusterAddress).ToList(), cancellationToken);
    }

    /// <summary>
    /// A key pair for an encrypted activation (<c>secondary_public_key</c> on the primary). A cluster that is a DR
    /// secondary already has no token store in use, so there it takes a DR operation token like its other calls.
    /// </summary>
    private async Task<Response> GeneratePublicKeyAsync(Request request, CancellationToken cancellationToken)
    {
        if (core.ReplicationRoles.State.IsDrSecondaryMode)
        {
            await core.DrOperationTokens.VerifyAsync(LenientFields.GetString(request.Data, "dr_operation_token"), "sys/" + GeneratePublicKeyPath,
                request.RemoteAddress, cancellationToken);
        }
        return Response.WithData(new JsonObject { ["secondary_public_key"] = core.GenerateActivationKeyPair() });
    }

    /// <summary>The activation bundle: opened here when it was sealed to this cluster's key, else unwrapped at the primary.</summary>
    private Task<JsonObject> OpenActivationAsync(string token, string? apiAddressOverride, Request request, CancellationToken cancellationToken) =>
        EncryptedActivation.IsSealed(token)
            ? Task.FromResult(core.OpenEncryptedActivation(token))
            : UnwrapAsync(token, apiAddressOverride, request, cancellationToken);

    /// <summary>Unwraps the activation token at the primary's API, whose address comes from the token unless given.</summary>
    private async Task<JsonObject> UnwrapAsync(string token, string? apiAddressOverride, Request request, CancellationToken cancellationToken)
    {
        var transport = core.ReplicationTransport
                        ?? throw CofferError.BadRequest("replication is not available: this server has no cluster transport");
        var apiAddress = string.IsNullOrEmpty(apiAddressOverride) ? AddressClaimOf(token) : apiAddressOverride;
        if (string.IsNullOrEmpty(apiAddress))
        {
            throw CofferError.BadRequest("the activation token names no primary API address; give primary_api_addr");
        }
        return await transport.UnwrapAsync(apiAddress, token, LenientFields.GetString(request.Data, "ca_file"),
            LenientFields.GetString(request.Data, "ca_path"), cancellationToken);
    }

    /// <summary>
    /// The <c>addr</c> claim of an activation JWT (spec §7.1). Read without checking the signature: the secondary
    /// does not hold the primary's key, and the unwrap at that address (over TLS the operator trusts) is the check.
    /// </summary>
    private static string? AddressClaimOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var padded = parts[1].Replace('-', '+').Replace('_', '/');
            var json = Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
            return JsonNode.Parse(Encoding.UTF8.GetString(json))?["addr"]?.GetValue<string>();
        }
        catch (Exception e) when (e is FormatException or global::System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Addresses may be given as host:port (spec §4.2 example); the cluster port always speaks TLS.</summary>
    private static string NormalizeClusterAddress(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address;

    private static Response WipeWarning()
    {
        var response = new Response();
        response.Warnings.Add("this cluster's previous data was replaced by the primary's; unseal it with the primary's unseal keys from now on");
        return response;
    }
}
