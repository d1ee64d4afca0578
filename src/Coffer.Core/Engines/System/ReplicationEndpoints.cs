using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Tls;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/replication/*</c>: status for everyone, and the DR primary's role changes (spec/replication.md §2, §3,
/// §4.1). Each role change is persisted by <see cref="ReplicationRoles"/> before anything acts on it.
/// </summary>
internal sealed class ReplicationEndpoints(CofferCore core)
{
    public const string SecondaryTokenPath = "replication/dr/primary/secondary-token";
    public const string ReindexPath = "replication/reindex";
    public const string DemotePath = "replication/dr/primary/demote";

    private const string Prefix = "replication/";
    private static readonly TimeSpan DefaultTokenTtl = TimeSpan.FromMinutes(30);
    private readonly DrSecondaryEndpoints _secondary = new(core);
    private readonly DrOperationTokenEndpoints _operationTokens = new(core);

    public const string DrSecondaryReindexPath = "replication/dr/secondary/reindex";
    public const string DrSecondaryMerkleCheckPath = "replication/dr/secondary/merkle-check";
    public const string RecoverPath = "replication/recover";
    public const string DrSecondaryRecoverPath = "replication/dr/secondary/recover";

    public static bool Handles(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool IsSudoPath(string path) => path is SecondaryTokenPath or ReindexPath;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var op = request.Operation;
        var isWrite = op is Operation.Update or Operation.Create;
        switch (path)
        {
            case "replication/status" when op == Operation.Read:
                return Response.WithData(new JsonObject
                {
                    ["dr"] = await DrStatusReport.BuildAsync(core, cancellationToken),
                    ["performance"] = PerformanceStatus(),
                });
            case "replication/dr/status" when op == Operation.Read:
                return Response.WithData(await DrStatusReport.BuildAsync(core, cancellationToken));
            case "replication/performance/status" when op == Operation.Read:
                return Response.WithData(PerformanceStatus());
        }
        // Role changes are cluster-wide: only the root namespace has them (spec §0, "restricted-root").
        if (request.NamespaceId != "root")
        {
            throw CofferError.UnsupportedPath("sys/" + path);
        }
        if (DrSecondaryEndpoints.Handles(path))
        {
            return await _secondary.HandleAsync(request, cancellationToken);
        }
        if (DrOperationTokenEndpoints.Handles(path))
        {
            return await _operationTokens.HandleAsync(request, cancellationToken);
        }
        return path switch
        {
            "replication/dr/primary/enable" when isWrite => await EnableAsync(request, cancellationToken),
            "replication/dr/primary/disable" when isWrite => await DisableAsync(cancellationToken),
            DemotePath when isWrite => await DemoteAsync(cancellationToken),
            SecondaryTokenPath when isWrite => await SecondaryTokenAsync(request, cancellationToken),
            "replication/dr/primary/revoke-secondary" when isWrite => await RevokeAsync(request, cancellationToken),
            ReindexPath when isWrite => await ReindexAsync(cancellationToken),
            "replication/merkle-check" when isWrite => await MerkleCheckAsync(cancellationToken),
            RecoverPath when isWrite => await RecoverAsync(cancellationToken),
            // A DR secondary has no token store in use: its own reindex and check authenticate with a DR operation token.
            DrSecondaryReindexPath when isWrite => await WithOperationTokenAsync(request, () => ReindexAsync(cancellationToken), cancellationToken),
            DrSecondaryMerkleCheckPath when isWrite => await WithOperationTokenAsync(request, () => MerkleCheckAsync(cancellationToken), cancellationToken),
            DrSecondaryRecoverPath when isWrite => await WithOperationTokenAsync(request, () => RecoverAsync(cancellationToken), cancellationToken),
            "replication/status" or "replication/dr/status" or "replication/performance/status" or "replication/dr/primary/enable"
                or "replication/dr/primary/disable" or DemotePath or SecondaryTokenPath or "replication/dr/primary/revoke-secondary" or ReindexPath
                or "replication/merkle-check" or RecoverPath or DrSecondaryReindexPath or DrSecondaryMerkleCheckPath or DrSecondaryRecoverPath
                => throw CofferError.UnsupportedOperation(),
            _ => throw CofferError.UnsupportedPath("sys/" + path),
        };
    }

    private ReplicationLog RequireLog() =>
        core.ReplicationLog ?? throw CofferError.BadRequest("replication is not available: this server's storage has no replication log");

    private async Task<Response?> EnableAsync(Request request, CancellationToken cancellationToken)
    {
        RequireLog();
        var clusterAddr = LenientFields.GetString(request.Data, "primary_cluster_addr") ?? "";
        if (clusterAddr != "" && !(Uri.TryCreate(clusterAddr, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "tcp"))
        {
            throw CofferError.BadRequest("primary_cluster_addr must be an absolute address such as https://lb.example.com:8201");
        }
        await core.ReplicationRoles.EnableDrPrimaryAsync(clusterAddr, cancellationToken);
        await core.EnableClusterTlsAsync(cancellationToken);
        var response = new Response();
        if (string.IsNullOrEmpty(core.Options.ApiAddress))
        {
            response.Warnings.Add("no api_addr is configured: activation tokens carry no primary API address");
        }
        return response.Warnings.Count == 0 ? null : response;
    }

    private async Task<Response?> DisableAsync(CancellationToken cancellationToken)
    {
        var before = core.ReplicationRoles.State;
        await core.ReplicationRoles.DisableDrPrimaryAsync(cancellationToken);
        core.DrShipper?.Secondaries.CutAll();
        if (core.ClusterTls.Authority is { } authority)
        {
            foreach (var secondary in before.DrSecondaries.Where(s => !s.IsRevoked))
            {
                await authority.RevokeAsync(secondary.Id, cancellationToken);
            }
        }
        return null;
    }

    /// <summary>
    /// Primary to secondary with no upstream. The role is persisted first; from then on the request gate refuses
    /// normal requests. Secondaries holding certificates from this cluster keep them: the cluster may be promoted
    /// back, and revoking them is the new primary's decision, not this one's.
    /// </summary>
    private async Task<Response?> DemoteAsync(CancellationToken cancellationToken)
    {
        await core.DemoteDrPrimaryAsync(cancellationToken);
        return null;
    }

    private async Task<Response> SecondaryTokenAsync(Request request, CancellationToken cancellationToken)
    {
        var state = core.ReplicationRoles.State;
        if (state.DrMode != ReplicationRoleState.Primary || state.DrSigningKey is null)
        {
            throw CofferError.BadRequest("this cluster is not a DR primary");
        }
        var id = LenientFields.GetString(request.Data, "id");
        if (string.IsNullOrEmpty(id))
        {
            id = "dr-secondary-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        }
        if (!SecondaryCertificateIdentity.IsValidId(id))
        {
            throw CofferError.BadRequest("invalid secondary id: use letters, digits, '.', '_' or '-' (at most 128)");
        }
        var ttlSeconds = LenientFields.GetDurationSeconds(request.Data, "ttl") ?? (long)DefaultTokenTtl.TotalSeconds;
        if (ttlSeconds <= 0)
        {
            throw CofferError.BadRequest("ttl must be positive");
        }
        var secondaryPublicKey = LenientFields.GetString(request.Data, "secondary_public_key");
        if (!string.IsNullOrEmpty(secondaryPublicKey))
        {
            EncryptedActivation.CheckPublicKey(secondaryPublicKey);
        }
        var authority = core.ClusterTls.Authority ?? await core.EnableClusterTlsAsync(cancellationToken);

        await core.ReplicationRoles.AddDrSecondaryAsync(id, cancellationToken);
        IssuedClientCertificate issued;
        try
        {
            issued = await authority.IssueClientCertificateAsync(id, ReplicationCertificateAuthority.DefaultClientLifetime, cancellationToken);
        }
        catch
        {
            await core.ReplicationRoles.ForgetDrSecondaryAsync(id, CancellationToken.None);
            throw;
        }

        var now = core.Clock.UtcNow;
        var clusterAddr = state.PrimaryClusterAddr != "" ? state.PrimaryClusterAddr : core.Options.ClusterAddress;
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + ttlSeconds,
            ["type"] = "dr",
            ["id"] = id,
            ["cluster_id"] = state.DrClusterId,
            ["addr"] = core.Options.ApiAddress,
            ["cluster_addr"] = clusterAddr,
        };
        var bundle = new JsonObject
        {
            ["activation_token"] = ActivationToken.Mint(claims, state.DrSigningKey),
            ["secondary_id"] = id,
            ["cluster_id"] = state.DrClusterId,
            ["primary_api_addr"] = core.Options.ApiAddress,
            ["primary_cluster_addr"] = clusterAddr,
            ["ca_certificate"] = issued.CaCertificatePem,
            ["client_certificate"] = issued.CertificatePem,
            ["client_private_key"] = issued.PrivateKeyPem,
        };
        if (!string.IsNullOrEmpty(secondaryPublicKey))
        {
            // Sealed to the secondary's key instead of wrapped: it activates without calling this cluster's API.
            return Response.WithData(new JsonObject { ["token"] = EncryptedActivation.Seal(bundle, secondaryPublicKey) });
        }
        var envelope = ResponseEnvelope.Build(request, Response.WithData(bundle), injectTopLevel: false);
        var wrapInfo = await core.Wrapping.WrapAsync(envelope, TimeSpan.FromSeconds(ttlSeconds), "sys/" + SecondaryTokenPath, request.NamespaceId,
            null, cancellationToken);
        wrapInfo["wrapped_accessor"] = "";
        // Vault's activation token is a signed JWT naming the wrapping token and the primary's API address
        // (spec §7.1), so `secondary/enable token=…` needs nothing else; unwrapping with it unwraps that token.
        wrapInfo["token"] = ActivationToken.Mint(new JsonObject
        {
            ["jti"] = wrapInfo["token"]!.GetValue<string>(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + ttlSeconds,
            ["type"] = "wrapping",
            ["addr"] = core.Options.ApiAddress,
        }, state.DrSigningKey);
        return new Response { WrapInfo = wrapInfo };
    }

    private async Task<Response?> RevokeAsync(Request request, CancellationToken cancellationToken)
    {
        var id = LenientFields.GetString(request.Data, "id");
        if (string.IsNullOrEmpty(id))
        {
            throw CofferError.BadRequest("missing id");
        }
        await core.ReplicationRoles.RevokeDrSecondaryAsync(id, cancellationToken);
        if (core.ClusterTls.Authority is { } authority)
        {
            await authority.RevokeAsync(id, cancellationToken);
        }
        core.DrShipper?.Secondaries.Cut(id);
        return null;
    }

    private async Task<Response> WithOperationTokenAsync(Request request, Func<Task<Response>> action, CancellationToken cancellationToken)
    {
        core.DrOperationTokens.RequireDrSecondary();
        await core.DrOperationTokens.VerifyAsync(LenientFields.GetString(request.Data, "dr_operation_token"), "sys/" + request.MountRelativePath,
            request.RemoteAddress, cancellationToken);
        return await action();
    }

    private async Task<Response> RecoverAsync(CancellationToken cancellationToken)
    {
        var response = new Response();
        response.Warnings.Add("replication recovery: " + await core.RecoverReplicationAsync(cancellationToken));
        return response;
    }

    private async Task<Response> ReindexAsync(CancellationToken cancellationToken)
    {
        await RequireLog().ReindexAsync(cancellationToken);
        var response = new Response();
        response.Warnings.Add("reindex complete: the merkle index was rebuilt from storage");
        return response;
    }

    private async Task<Response> MerkleCheckAsync(CancellationToken cancellationToken)
    {
        var report = await RequireLog().MerkleCheckAsync(cancellationToken);
        var trees = new JsonObject();
        var number = 0;
        foreach (var tree in report.CorruptedTrees)
        {
            number++;
            trees[number.ToString(global::System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["tree_type"] = tree.TreeId == MerkleHashing.DrTreeId ? "local" : "replicated",
                ["tree_id"] = tree.TreeId,
                ["root_hash"] = tree.RootHashBase64,
                ["corrupted_subtree_root"] = tree.CorruptedSubtreeRoot,
                ["corrupted_index_tuples_map"] = tree.CorruptedBuckets.Count == 0
                    ? null
                    : new JsonObject { ["0"] = new JsonObject { ["corrupted"] = true, ["subpages"] = new JsonArray(tree.CorruptedBuckets.Select(b => (JsonNode)b).ToArray()) } },
            };
        }
        return Response.WithData(new JsonObject
        {
            ["merkle_corruption_report"] = new JsonObject
            {
                ["corrupted_root"] = report.CorruptedRoot,
                ["corrupted_tree_map"] = trees,
                ["last_corruption_check_epoch"] = report.CheckedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            },
        });
    }

    /// <summary>Performance replication is not implemented: the role field exists but is always disabled.</summary>
    private static JsonObject PerformanceStatus() => new() { ["mode"] = ReplicationRoleState.Disabled };
}
