using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication.Roles;

/// <summary>The DR primary endpoints on a real core over SQLite with the replication log in its storage stack.</summary>
public sealed class DrPrimaryTests : IAsyncLifetime
{
    private ReplicatingCore _cluster = null!;

    private CofferCore _core => _cluster.Core;
    private string _rootToken => _cluster.RootToken;
    private IReadOnlyList<byte[]> _keys => _cluster.Keys;

    public async Task InitializeAsync()
    {
        _cluster = await ReplicatingCore.StartAsync("coffer-dr-primary-");
    }

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    private Task RestartAsync() => _cluster.RestartAsync();

    private Task<Response?> SendAsync(Operation operation, string path, string? json = null, string? token = null) =>
        _cluster.SendAsync(operation, path, json, token);

    private Task<JsonObject> DrStatusAsync() => _cluster.DrStatusAsync();

    [Fact]
    public async Task Status_is_disabled_until_enable_and_primary_after_it()
    {
        Assert.Equal("disabled", (await DrStatusAsync())["mode"]!.GetValue<string>());

        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable", """{"primary_cluster_addr":"https://lb.example:8201"}""");

        var status = await DrStatusAsync();
        Assert.Equal("primary", status["mode"]!.GetValue<string>());
        Assert.Equal("running", status["state"]!.GetValue<string>());
        Assert.True(Guid.TryParse(status["cluster_id"]!.GetValue<string>(), out _));
        Assert.Equal("https://lb.example:8201", status["primary_cluster_addr"]!.GetValue<string>());
        Assert.Equal(_core.ReplicationLog!.LastIndex, status["last_wal"]!.GetValue<ulong>());
        Assert.Equal(_core.ReplicationLog.MerkleRootHex, status["merkle_root"]!.GetValue<string>());
        Assert.Equal("0", status["last_reindex_epoch"]!.GetValue<string>());
        Assert.False(status["corrupted_merkle_tree"]!.GetValue<bool>());
        Assert.Empty(status["known_secondaries"]!.AsArray());
        Assert.NotNull(_core.ClusterTls.Authority);

        var combined = (await SendAsync(Operation.Read, "sys/replication/status", token: ""))!.Data!;
        Assert.Equal("primary", combined["dr"]!["mode"]!.GetValue<string>());
        Assert.Equal("disabled", combined["performance"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Role_and_secondaries_survive_a_restart_on_sqlite()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var wrapped = await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}""");
        Assert.NotNull(wrapped!.WrapInfo);
        var before = await DrStatusAsync();

        await RestartAsync();

        var after = await DrStatusAsync();
        Assert.Equal("primary", after["mode"]!.GetValue<string>());
        Assert.Equal(before["cluster_id"]!.GetValue<string>(), after["cluster_id"]!.GetValue<string>());
        Assert.Equal(["dr-east"], after["known_secondaries"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("dr-east", after["secondaries"]![0]!["node_id"]!.GetValue<string>());
        Assert.Equal("disconnected", after["secondaries"]![0]!["connection_status"]!.GetValue<string>());
        Assert.False(_core.ClusterTls.Authority!.FindSecondary("dr-east")!.IsRevoked);
    }

    [Fact]
    public async Task An_enable_interrupted_after_persisting_the_role_gets_its_ca_at_the_next_unseal()
    {
        // The role is persisted first (invariant 4); a crash before the CA is created leaves exactly this state.
        await _core.ReplicationRoles.EnableDrPrimaryAsync("");
        Assert.Null(_core.ClusterTls.Authority);

        await RestartAsync();

        Assert.Equal("primary", (await DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.NotNull(_core.ClusterTls.Authority);
    }

    [Fact]
    public async Task Seal_wipes_the_signing_key_and_unseal_restores_the_role()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var key = _core.ReplicationRoles.State.DrSigningKey!;
        var copy = key.ToArray();

        await _core.SealAsync(_rootToken);

        Assert.All(key, b => Assert.Equal(0, b));
        Assert.Equal(ReplicationRoleState.Disabled, _core.ReplicationRoles.State.DrMode);
        await _core.SubmitUnsealKeyAsync(_keys[0]);
        Assert.Equal(ReplicationRoleState.Primary, _core.ReplicationRoles.State.DrMode);
        Assert.Equal(copy, _core.ReplicationRoles.State.DrSigningKey);
    }

    [Fact]
    public async Task Role_is_stored_as_class_local_through_the_barrier()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var raw = await _core.ReplicationLog!.GetAsync(ReplicationRoles.StatePath);
        Assert.NotNull(raw);
        Assert.DoesNotContain("primary", Encoding.UTF8.GetString(raw));
        Assert.Equal(Core.Replication.KeyClass.Local, new Core.Replication.KeyClassifier(_ => false).Classify(ReplicationRoles.StatePath));
    }

    [Fact]
    public async Task Enabling_twice_is_refused_and_keeps_the_cluster_id()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var clusterId = (await DrStatusAsync())["cluster_id"]!.GetValue<string>();

        var error = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, "sys/replication/dr/primary/enable"));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(clusterId, (await DrStatusAsync())["cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secondary_token_is_response_wrapped_and_unwraps_once_to_a_signed_activation_token()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var response = await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east","ttl":"10m"}""");

        Assert.Null(response!.Data);
        var wrapInfo = response.WrapInfo!;
        Assert.Equal(600, wrapInfo["ttl"]!.GetValue<long>());
        Assert.Equal("sys/replication/dr/primary/secondary-token", wrapInfo["creation_path"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(wrapInfo["accessor"]!.GetValue<string>()));
        var wrappingToken = wrapInfo["token"]!.GetValue<string>();

        var unwrapped = await SendAsync(Operation.Update, "sys/wrapping/unwrap", new JsonObject { ["token"] = wrappingToken }.ToJsonString());
        var bundle = unwrapped!.RawEnvelope!["data"]!.AsObject();
        Assert.Equal("dr-east", bundle["secondary_id"]!.GetValue<string>());
        Assert.Contains("BEGIN CERTIFICATE", bundle["client_certificate"]!.GetValue<string>());
        Assert.Contains("PRIVATE KEY", bundle["client_private_key"]!.GetValue<string>());

        var activation = bundle["activation_token"]!.GetValue<string>();
        var signingKey = _core.ReplicationRoles.State.DrSigningKey!;
        var claims = ActivationToken.Verify(activation, signingKey, DateTimeOffset.UtcNow)!;
        Assert.NotNull(claims);
        Assert.Equal("dr-east", claims["id"]!.GetValue<string>());
        Assert.Equal("dr", claims["type"]!.GetValue<string>());
        Assert.Equal("https://primary.example:8200", claims["addr"]!.GetValue<string>());
        Assert.Equal("https://primary.example:8201", claims["cluster_addr"]!.GetValue<string>());
        Assert.Equal(600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(claims["jti"]!.GetValue<string>()));
        Assert.StartsWith("eyJhbGciOiJFUzUxMiIs", activation);

        // Past its expiry, or with one altered character, the token no longer verifies.
        Assert.Null(ActivationToken.Verify(activation, signingKey, DateTimeOffset.UtcNow.AddMinutes(11)));
        var parts = activation.Split('.');
        var forgedClaims = Convert.ToBase64String(Encoding.UTF8.GetBytes(claims.ToJsonString().Replace("dr-east", "dr-evil")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Null(ActivationToken.Verify($"{parts[0]}.{forgedClaims}.{parts[2]}", signingKey, DateTimeOffset.UtcNow));

        // Unwrapping spends the wrapping token.
        var again = await Assert.ThrowsAsync<CofferError>(() =>
            SendAsync(Operation.Update, "sys/wrapping/unwrap", new JsonObject { ["token"] = wrappingToken }.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
    }

    [Fact]
    public async Task An_active_id_is_refused_until_revoked_and_revoke_reaches_the_certificate()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}""");

        var duplicate = await Assert.ThrowsAsync<CofferError>(() =>
            SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);

        await SendAsync(Operation.Update, "sys/replication/dr/primary/revoke-secondary", """{"id":"dr-east"}""");
        Assert.Empty((await DrStatusAsync())["known_secondaries"]!.AsArray());
        Assert.True(_core.ClusterTls.Authority!.FindSecondary("dr-east")!.IsRevoked);

        var reissued = await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}""");
        Assert.NotNull(reissued!.WrapInfo);
        Assert.False(_core.ClusterTls.Authority.FindSecondary("dr-east")!.IsRevoked);

        var unknown = await Assert.ThrowsAsync<CofferError>(() =>
            SendAsync(Operation.Update, "sys/replication/dr/primary/revoke-secondary", """{"id":"never-issued"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
    }

    [Fact]
    public async Task Secondary_token_without_id_generates_a_unique_one()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token");
        await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token");

        var ids = (await DrStatusAsync())["known_secondaries"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Secondary_token_needs_sudo()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await SendAsync(Operation.Update, "sys/policies/acl/repl",
            new JsonObject { ["policy"] = "path \"sys/replication/*\" { capabilities = [\"create\", \"update\", \"read\"] }" }.ToJsonString());
        var created = await SendAsync(Operation.Update, "auth/token/create", """{"policies":["repl"]}""");
        var token = created!.Auth!["client_token"]!.GetValue<string>();

        var error = await Assert.ThrowsAsync<CofferError>(() =>
            SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}""", token));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Empty((await DrStatusAsync())["known_secondaries"]!.AsArray());

        // The same token may do what needs no sudo, so the refusal above is about sudo alone.
        await SendAsync(Operation.Update, "sys/replication/dr/primary/disable", token: token);
        Assert.Equal("disabled", (await DrStatusAsync())["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disable_revokes_every_secondary_and_a_new_enable_gets_a_new_cluster_id()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var firstId = (await DrStatusAsync())["cluster_id"]!.GetValue<string>();
        await SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-east"}""");

        await SendAsync(Operation.Update, "sys/replication/dr/primary/disable");
        Assert.Equal("disabled", (await DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.True(_core.ClusterTls.Authority!.FindSecondary("dr-east")!.IsRevoked);
        await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", """{"id":"dr-west"}"""));

        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        Assert.NotEqual(firstId, (await DrStatusAsync())["cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Last_wal_and_merkle_root_move_with_a_kv_write()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        var before = await DrStatusAsync();

        await SendAsync(Operation.Update, "secret/app", """{"password":"s3cret"}""");

        var after = await DrStatusAsync();
        Assert.True(after["last_wal"]!.GetValue<ulong>() > before["last_wal"]!.GetValue<ulong>());
        Assert.Equal(after["last_wal"]!.GetValue<ulong>(), after["last_dr_wal"]!.GetValue<ulong>());
        Assert.NotEqual(before["merkle_root"]!.GetValue<string>(), after["merkle_root"]!.GetValue<string>());
    }

    [Fact]
    public async Task Merkle_check_and_reindex_report_a_healthy_index()
    {
        await SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await SendAsync(Operation.Update, "secret/app", """{"password":"s3cret"}""");

        var check = (await SendAsync(Operation.Update, "sys/replication/merkle-check"))!.Data!["merkle_corruption_report"]!;
        Assert.False(check["corrupted_root"]!.GetValue<bool>());
        Assert.Empty(check["corrupted_tree_map"]!.AsObject());
        Assert.True(DateTimeOffset.TryParse(check["last_corruption_check_epoch"]!.GetValue<string>(), out _));

        var root = (await DrStatusAsync())["merkle_root"]!.GetValue<string>();
        var reindex = await SendAsync(Operation.Update, "sys/replication/reindex");
        Assert.NotEmpty(reindex!.Warnings);
        var status = await DrStatusAsync();
        Assert.Equal(root, status["merkle_root"]!.GetValue<string>());
        Assert.NotEqual("0", status["last_reindex_epoch"]!.GetValue<string>());
        Assert.NotEqual("-62135596800", status["last_corruption_check_epoch"]!.GetValue<string>());
    }
}
