using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Replication;
using Coffer.Core.Replication.OperationTokens;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Tests.Seal;

namespace Coffer.Core.Tests.Replication.Roles;

/// <summary>
/// DR operation tokens on a demoted DR primary (now a DR secondary) over SQLite, initialised with 5 shares and a
/// threshold of 3: generation from key shares, the verifier the DR-gated endpoints call, deletion.
/// </summary>
public sealed class DrOperationTokenTests : IAsyncLifetime
{
    private const string AttemptPath = "sys/replication/dr/secondary/generate-operation-token/attempt";
    private const string UpdatePath = "sys/replication/dr/secondary/generate-operation-token/update";
    private const string DeletePath = "sys/replication/dr/secondary/operation-token/delete";
    private const string PromotePath = "sys/replication/dr/secondary/promote";
    private const string PromoterPolicy = "path \"sys/replication/dr/secondary/promote\" { capabilities = [\"update\"] }";

    private ReplicatingCore _cluster = null!;
    private string _promoterBatchToken = "";
    private string _defaultBatchToken = "";
    private string _childBatchToken = "";

    private CofferCore Core => _cluster.Core;

    public async Task InitializeAsync()
    {
        _cluster = await ReplicatingCore.StartAsync("coffer-dr-optoken-", shares: 5, threshold: 3);
        // Batch DR tokens are made on the primary ahead of time, while it still serves requests.
        await _cluster.SendAsync(Operation.Update, "sys/policies/acl/dr-promoter", new JsonObject { ["policy"] = PromoterPolicy }.ToJsonString());
        _promoterBatchToken = await CreateTokenAsync("""{"type":"batch","policies":["dr-promoter"],"no_parent":true,"ttl":"1h"}""");
        _defaultBatchToken = await CreateTokenAsync("""{"type":"batch","policies":["default"],"no_parent":true,"ttl":"1h"}""");
        _childBatchToken = await CreateTokenAsync("""{"type":"batch","policies":["dr-promoter"],"ttl":"1h"}""");
        await _cluster.SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await _cluster.SendAsync(Operation.Update, "sys/replication/dr/primary/demote");
    }

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Whole_otp_flow_mints_a_token_the_verifier_accepts_until_it_is_deleted()
    {
        var otp = OtpTokenEncoding.GenerateOtp(28);
        var started = await SendAsync(Operation.Update, AttemptPath, new JsonObject { ["otp"] = otp });
        Assert.True(started["started"]!.GetValue<bool>());
        Assert.Equal("", started["otp"]!.GetValue<string>());
        Assert.Equal(28, started["otp_length"]!.GetValue<int>());
        var nonce = started["nonce"]!.GetValue<string>();
        Assert.True(Guid.TryParse(nonce, out _));

        var status = await SendAsync(Operation.Read, AttemptPath);
        Assert.Equal(nonce, status["nonce"]!.GetValue<string>());
        Assert.Equal(0, status["progress"]!.GetValue<int>());
        Assert.Equal(3, status["required"]!.GetValue<int>());
        Assert.Equal("", status["otp"]!.GetValue<string>());
        Assert.False(status["complete"]!.GetValue<bool>());

        // Shares are accepted in hex and in base64, as unseal accepts them.
        var first = await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), nonce);
        Assert.Equal(1, first["progress"]!.GetValue<int>());
        Assert.False(first["complete"]!.GetValue<bool>());
        await SubmitAsync(Convert.ToBase64String(_cluster.Keys[3]), nonce);
        var last = await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[4]), nonce);
        Assert.True(last["complete"]!.GetValue<bool>());
        Assert.Equal(3, last["progress"]!.GetValue<int>());
        var token = OtpTokenEncoding.Decode(last["encoded_token"]!.GetValue<string>(), otp);
        Assert.StartsWith("hvs.", token);
        Assert.Equal(28, token.Length);

        // The attempt is over once it completed.
        Assert.False((await SendAsync(Operation.Read, AttemptPath))["started"]!.GetValue<bool>());

        await Core.DrOperationTokens.VerifyAsync(token, PromotePath);
        await Core.DrOperationTokens.VerifyAsync(token, "sys/replication/dr/secondary/update-primary");

        // Only a hash is stored, at a Local path: it survives a restart and never replicates.
        Assert.Equal(KeyClass.Local, new KeyClassifier(_ => null).Classify(DrOperationTokenRecord.StoragePath));
        var stored = await Core.Barrier.GetAsync(DrOperationTokenRecord.StoragePath);
        Assert.DoesNotContain(token, Encoding.UTF8.GetString(stored!), StringComparison.Ordinal);
        await _cluster.RestartAsync();
        await Core.DrOperationTokens.VerifyAsync(token, PromotePath);

        var deleted = await _cluster.SendAsync(Operation.Update, DeletePath, new JsonObject { ["dr_operation_token"] = token }.ToJsonString(), token: "");
        Assert.Null(deleted);
        await AssertDeniedAsync(token, PromotePath);
        var again = await Assert.ThrowsAsync<CofferError>(() =>
            _cluster.SendAsync(Operation.Update, DeletePath, new JsonObject { ["dr_operation_token"] = token }.ToJsonString(), token: ""));
        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
    }

    [Fact]
    public async Task Generation_and_verification_need_no_token_store_mounts_or_policy_cache()
    {
        // What a passive DR secondary core has: the barrier and the replication roles, nothing else loaded.
        Core.Tokens.Unload();
        Core.Mounts.Unload();
        Core.Namespaces.Unload();
        Core.Policies.InvalidateAll();
        var tokens = Core.DrOperationTokens;
        var started = await tokens.StartAsync(null, null);
        RootGenerationStatus last = started;
        foreach (var key in _cluster.Keys.Skip(2))
        {
            last = await tokens.UpdateAsync(Convert.ToBase64String(key), started.Nonce);
        }
        Assert.True(last.Complete);
        var token = OtpTokenEncoding.Decode(last.EncodedToken, started.Otp);
        await tokens.VerifyAsync(token, PromotePath);
        await tokens.VerifyAsync(_promoterBatchToken, PromotePath);
        await AssertDeniedAsync(_defaultBatchToken, PromotePath);
        await tokens.DeleteAsync(token);
        await AssertDeniedAsync(token, PromotePath);
    }

    [Fact]
    public async Task Promote_is_gated_by_the_operation_token()
    {
        var missing = await Assert.ThrowsAsync<CofferError>(() => _cluster.SendAsync(Operation.Update, PromotePath, "{}", token: ""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        var wrong = await Assert.ThrowsAsync<CofferError>(() =>
            _cluster.SendAsync(Operation.Update, PromotePath, new JsonObject { ["dr_operation_token"] = _defaultBatchToken }.ToJsonString(), token: ""));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal("secondary", (await _cluster.DrStatusAsync())["mode"]!.GetValue<string>());

        var token = await GenerateTokenAsync();
        await _cluster.SendAsync(Operation.Update, PromotePath, new JsonObject { ["dr_operation_token"] = token }.ToJsonString(), token: "");
        Assert.Equal("primary", (await _cluster.DrStatusAsync())["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_generated_otp_is_returned_once_and_decodes_the_token()
    {
        var started = await SendAsync(Operation.Update, AttemptPath, new JsonObject());
        var otp = started["otp"]!.GetValue<string>();
        Assert.Equal(28, otp.Length);
        Assert.Equal("", (await SendAsync(Operation.Read, AttemptPath))["otp"]!.GetValue<string>());

        var token = await CompleteAsync(started["nonce"]!.GetValue<string>(), otp);
        await Core.DrOperationTokens.VerifyAsync(token, PromotePath);
    }

    [Fact]
    public async Task A_new_token_replaces_the_previous_one()
    {
        var first = await GenerateTokenAsync();
        var second = await GenerateTokenAsync();
        Assert.NotEqual(first, second);
        await Core.DrOperationTokens.VerifyAsync(second, PromotePath);
        await AssertDeniedAsync(first, PromotePath);
    }

    [Fact]
    public async Task Wrong_nonce_and_duplicate_share_are_refused_without_progress()
    {
        var nonce = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
        var wrongNonce = await Assert.ThrowsAsync<CofferError>(() => SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, wrongNonce.Status);
        Assert.StartsWith("incorrect nonce supplied", wrongNonce.Errors[0], StringComparison.Ordinal);
        Assert.Equal(0, (await SendAsync(Operation.Read, AttemptPath))["progress"]!.GetValue<int>());

        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[1]), nonce);
        var duplicate = await Assert.ThrowsAsync<CofferError>(() => SubmitAsync(Convert.ToBase64String(_cluster.Keys[1]), nonce));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Equal("given key has already been provided during this generation operation", duplicate.Errors[0]);
        Assert.Equal(1, (await SendAsync(Operation.Read, AttemptPath))["progress"]!.GetValue<int>());

        var notAKey = await Assert.ThrowsAsync<CofferError>(() => SubmitAsync("not-a-key", nonce));
        Assert.Equal(HttpStatusCode.BadRequest, notAKey.Status);
    }

    [Fact]
    public async Task Shares_of_another_key_abort_the_combination_and_keep_the_attempt()
    {
        var otp = OtpTokenEncoding.GenerateOtp(28);
        var nonce = (await SendAsync(Operation.Update, AttemptPath, new JsonObject { ["otp"] = otp }))["nonce"]!.GetValue<string>();
        var foreign = Shamir.Split(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), 5, 3);
        await SubmitAsync(Convert.ToHexStringLower(foreign[0]), nonce);
        await SubmitAsync(Convert.ToHexStringLower(foreign[1]), nonce);
        var aborted = await Assert.ThrowsAsync<CofferError>(() => SubmitAsync(Convert.ToHexStringLower(foreign[2]), nonce));
        Assert.Equal(HttpStatusCode.BadRequest, aborted.Status);
        Assert.StartsWith("root generation aborted: ", aborted.Errors[0], StringComparison.Ordinal);
        Assert.Null(await Core.Barrier.GetAsync(DrOperationTokenRecord.StoragePath));

        // As in Vault the shares are spent but the attempt stays: the right holders can still complete it.
        var status = await SendAsync(Operation.Read, AttemptPath);
        Assert.True(status["started"]!.GetValue<bool>());
        Assert.Equal(nonce, status["nonce"]!.GetValue<string>());
        Assert.Equal(0, status["progress"]!.GetValue<int>());

        // A mix of real shares and one foreign share does not combine to the root key either.
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), nonce);
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[1]), nonce);
        await Assert.ThrowsAsync<CofferError>(() => SubmitAsync(Convert.ToHexStringLower(foreign[4]), nonce));

        var token = await CompleteAsync(nonce, otp);
        await Core.DrOperationTokens.VerifyAsync(token, PromotePath);
    }

    [Fact]
    public async Task Otp_of_the_wrong_length_starts_nothing()
    {
        var error = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, AttemptPath, new JsonObject { ["otp"] = OtpTokenEncoding.GenerateOtp(24) }));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("OTP string is wrong length", error.Errors[0]);
        Assert.False((await SendAsync(Operation.Read, AttemptPath))["started"]!.GetValue<bool>());
    }

    [Fact]
    public async Task One_attempt_at_a_time_until_it_is_cancelled()
    {
        var first = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), first);
        var busy = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, AttemptPath, new JsonObject()));
        Assert.Equal("root generation already in progress", busy.Errors[0]);

        Assert.Null(await _cluster.SendAsync(Operation.Delete, AttemptPath, token: ""));
        var cancelled = await SendAsync(Operation.Read, AttemptPath);
        Assert.False(cancelled["started"]!.GetValue<bool>());
        Assert.Equal(0, cancelled["progress"]!.GetValue<int>());

        var second = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        var stale = await Assert.ThrowsAsync<CofferError>(() => SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[1]), first));
        Assert.StartsWith("incorrect nonce supplied", stale.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_does_not_survive_a_restart()
    {
        var nonce = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), nonce);
        await _cluster.RestartAsync();
        Assert.False((await SendAsync(Operation.Read, AttemptPath))["started"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Pgp_mode_encrypts_the_token_to_the_given_key()
    {
        var key = TestPgpKey.Generate();
        var started = await SendAsync(Operation.Update, AttemptPath, new JsonObject { ["pgp_key"] = key.PublicKeyBase64 });
        Assert.Equal(key.Fingerprint, started["pgp_fingerprint"]!.GetValue<string>());
        Assert.Equal("", started["otp"]!.GetValue<string>());
        var nonce = started["nonce"]!.GetValue<string>();
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[0]), nonce);
        await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[1]), nonce);
        var last = await SubmitAsync(Convert.ToHexStringLower(_cluster.Keys[2]), nonce);
        Assert.Equal(key.Fingerprint, last["pgp_fingerprint"]!.GetValue<string>());

        var token = key.Decrypt(Convert.FromBase64String(last["encoded_token"]!.GetValue<string>()));
        await Core.DrOperationTokens.VerifyAsync(token, PromotePath);
    }

    [Fact]
    public async Task Bad_pgp_key_and_both_otp_and_pgp_key_are_refused()
    {
        var garbage = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, AttemptPath, new JsonObject { ["pgp_key"] = "bm90IGEga2V5" }));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        var both = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, AttemptPath,
            new JsonObject { ["pgp_key"] = TestPgpKey.Generate().PublicKeyBase64, ["otp"] = OtpTokenEncoding.GenerateOtp(28) }));
        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.False((await SendAsync(Operation.Read, AttemptPath))["started"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Batch_token_with_a_granting_policy_is_accepted_for_that_path_only()
    {
        await Core.DrOperationTokens.VerifyAsync(_promoterBatchToken, PromotePath);
        await AssertDeniedAsync(_promoterBatchToken, "sys/replication/dr/secondary/update-primary");
    }

    [Fact]
    public async Task Batch_token_without_the_policy_child_batch_token_and_service_token_are_refused()
    {
        await AssertDeniedAsync(_defaultBatchToken, PromotePath);
        await AssertDeniedAsync(_childBatchToken, PromotePath);
        // Even the primary's root token: before Vault 2.0 only operation tokens and batch DR tokens count here.
        await AssertDeniedAsync(_cluster.RootToken, PromotePath);
        await AssertDeniedAsync("hvb.not-a-batch-token", PromotePath);
    }

    [Fact]
    public async Task Expired_batch_token_is_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var later = new DrOperationTokens(Core.Barrier, clock, Core.ReplicationRoles, Core.ReadSealConfigAsync);
        await later.VerifyAsync(_promoterBatchToken, PromotePath);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<CofferError>(() => later.VerifyAsync(_promoterBatchToken, PromotePath));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
    }

    [Fact]
    public async Task Missing_token_is_a_bad_request()
    {
        var error = await Assert.ThrowsAsync<CofferError>(() => Core.DrOperationTokens.VerifyAsync("  ", PromotePath));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("missing dr_operation_token", error.Errors[0]);
        var delete = await Assert.ThrowsAsync<CofferError>(() => _cluster.SendAsync(Operation.Update, DeletePath, "{}", token: ""));
        Assert.Equal(HttpStatusCode.BadRequest, delete.Status);
    }

    [Fact]
    public async Task Generation_is_refused_on_a_cluster_that_is_not_a_dr_secondary()
    {
        await using var primary = await ReplicatingCore.StartAsync("coffer-dr-optoken-primary-", shares: 3, threshold: 2);
        foreach (var (operation, path, body) in new[]
                 {
                     (Operation.Read, AttemptPath, (string?)null), (Operation.Update, AttemptPath, "{}"), (Operation.Delete, AttemptPath, null),
                     (Operation.Update, UpdatePath, """{"key":"00","nonce":"x"}"""), (Operation.Update, DeletePath, """{"dr_operation_token":"x"}"""),
                 })
        {
            var error = await Assert.ThrowsAsync<CofferError>(() => primary.SendAsync(operation, path, body, token: ""));
            Assert.Equal(HttpStatusCode.BadRequest, error.Status);
            Assert.Equal("this cluster is not a DR secondary", error.Errors[0]);
        }
    }

    private async Task<string> CreateTokenAsync(string json) =>
        (await _cluster.SendAsync(Operation.Update, "auth/token/create", json))!.Auth!["client_token"]!.GetValue<string>();

    private async Task<JsonObject> SendAsync(Operation operation, string path, JsonObject? body = null)
    {
        var response = await _cluster.SendAsync(operation, path, body?.ToJsonString(), token: "");
        // These endpoints answer with a bare object, as Vault's do.
        return response!.RawEnvelope!;
    }

    private Task<JsonObject> SubmitAsync(string key, string nonce) =>
        SendAsync(Operation.Update, UpdatePath, new JsonObject { ["key"] = key, ["nonce"] = nonce });

    private async Task<string> CompleteAsync(string nonce, string otp)
    {
        JsonObject last = null!;
        foreach (var key in _cluster.Keys.Take(3))
        {
            last = await SubmitAsync(Convert.ToHexStringLower(key), nonce);
        }
        Assert.True(last["complete"]!.GetValue<bool>());
        return OtpTokenEncoding.Decode(last["encoded_token"]!.GetValue<string>(), otp);
    }

    private async Task<string> GenerateTokenAsync()
    {
        var started = await SendAsync(Operation.Update, AttemptPath, new JsonObject());
        return await CompleteAsync(started["nonce"]!.GetValue<string>(), started["otp"]!.GetValue<string>());
    }

    private async Task AssertDeniedAsync(string token, string path)
    {
        var error = await Assert.ThrowsAsync<CofferError>(() => Core.DrOperationTokens.VerifyAsync(token, path));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
    }
}
