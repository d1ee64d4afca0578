using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Tests.Replication.Roles;

namespace Coffer.Core.Tests.Seal;

/// <summary><c>sys/generate-root</c> on a normal (unsealed, not DR secondary) cluster with 3 shares and a threshold of 2.</summary>
public sealed class GenerateRootTests : IAsyncLifetime
{
    private const string AttemptPath = "sys/generate-root/attempt";
    private const string UpdatePath = "sys/generate-root/update";

    private ReplicatingCore _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ReplicatingCore.StartAsync("coffer-generate-root-", shares: 3, threshold: 2);

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task Otp_flow_mints_a_working_root_token()
    {
        var started = await SendAsync(Operation.Update, AttemptPath, new JsonObject());
        var otp = started["otp"]!.GetValue<string>();
        var nonce = started["nonce"]!.GetValue<string>();
        Assert.Equal(2, started["required"]!.GetValue<int>());
        await SendAsync(Operation.Update, UpdatePath, new JsonObject { ["key"] = Convert.ToHexStringLower(_cluster.Keys[2]), ["nonce"] = nonce });
        var last = await SendAsync(Operation.Update, UpdatePath, new JsonObject { ["key"] = Convert.ToBase64String(_cluster.Keys[0]), ["nonce"] = nonce });
        Assert.True(last["complete"]!.GetValue<bool>());
        Assert.Equal(last["encoded_token"]!.GetValue<string>(), last["encoded_root_token"]!.GetValue<string>());

        var token = OtpTokenEncoding.Decode(last["encoded_token"]!.GetValue<string>(), otp);
        Assert.NotEqual(_cluster.RootToken, token);
        var lookup = await _cluster.SendAsync(Operation.Read, "auth/token/lookup-self", token: token);
        Assert.Equal(["root"], lookup!.Data!["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(lookup.Data["expire_time"]?.GetValue<string>());
    }

    [Fact]
    public async Task Key_shares_and_otps_never_reach_the_audit_log()
    {
        var log = Path.Combine(Path.GetTempPath(), "coffer-generate-root-audit-" + Guid.NewGuid().ToString("N") + ".log");
        try
        {
            var device = new JsonObject { ["type"] = "file", ["options"] = new JsonObject { ["file_path"] = log } };
            await _cluster.SendAsync(Operation.Update, "sys/audit/file", device.ToJsonString());
            var nonce = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
            await SendAsync(Operation.Update, UpdatePath, new JsonObject { ["key"] = Convert.ToHexStringLower(_cluster.Keys[0]), ["nonce"] = nonce });
            await _cluster.SendAsync(Operation.Read, "secret/anything");

            var text = await File.ReadAllTextAsync(log);
            Assert.Contains("secret/anything", text, StringComparison.Ordinal);
            Assert.DoesNotContain("generate-root", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Sealing_forgets_the_attempt()
    {
        var nonce = (await SendAsync(Operation.Update, AttemptPath, new JsonObject()))["nonce"]!.GetValue<string>();
        await SendAsync(Operation.Update, UpdatePath, new JsonObject { ["key"] = Convert.ToHexStringLower(_cluster.Keys[0]), ["nonce"] = nonce });
        await _cluster.Core.SealAsync(_cluster.RootToken);
        var sealedError = await Assert.ThrowsAsync<CofferError>(() => _cluster.Core.RootGeneration.StatusAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedError.Status);
        foreach (var key in _cluster.Keys.Take(2))
        {
            await _cluster.Core.SubmitUnsealKeyAsync(key);
        }
        var status = await SendAsync(Operation.Read, AttemptPath);
        Assert.False(status["started"]!.GetValue<bool>());
        Assert.Equal(0, status["progress"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_dr_secondary_refuses_generate_root()
    {
        await _cluster.SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await _cluster.SendAsync(Operation.Update, "sys/replication/dr/primary/demote");
        var error = await Assert.ThrowsAsync<CofferError>(() => SendAsync(Operation.Update, AttemptPath, new JsonObject()));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(DrSecondaryRequestGate.DisabledMessage, error.Errors[0]);
    }

    private async Task<JsonObject> SendAsync(Operation operation, string path, JsonObject? body = null) =>
        (await _cluster.SendAsync(operation, path, body?.ToJsonString(), token: ""))!.RawEnvelope!;
}
