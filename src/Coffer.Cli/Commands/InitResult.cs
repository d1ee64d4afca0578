using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Commands;

/// <summary>The answer of <c>PUT sys/init</c> and the request's share counts, in both output shapes.</summary>
internal sealed class InitResult(JsonObject response, int requestedShares, int requestedThreshold)
{
    public IReadOnlyList<string> KeysHex => JsonStrings.ListOf(response["keys"]);

    public IReadOnlyList<string> KeysBase64 => JsonStrings.ListOf(response["keys_base64"]);

    /// <summary>What "Unseal Key N:" shows: base64 when the server sent a full set, hex otherwise.</summary>
    public IReadOnlyList<string> UnsealKeys => KeysBase64.Count == KeysHex.Count && KeysBase64.Count > 0 ? KeysBase64 : KeysHex;

    public string RootToken => Secret.StringField(response, "root_token");

    /// <summary>With no keys returned the server keeps the single share itself; vault then reports 1 of 1.</summary>
    public int Shares => KeysHex.Count == 0 ? 1 : requestedShares;

    public int Threshold => KeysHex.Count == 0 ? 1 : requestedThreshold;

    /// <summary>vault's -format=json layout for init, field for field.</summary>
    public JsonObject MachineView() => new()
    {
        ["unseal_keys_b64"] = JsonStrings.Array(KeysBase64),
        ["unseal_keys_hex"] = JsonStrings.Array(KeysHex),
        ["unseal_shares"] = Shares,
        ["unseal_threshold"] = Threshold,
        ["recovery_keys_b64"] = JsonStrings.Array(JsonStrings.ListOf(response["recovery_keys_base64"])),
        ["recovery_keys_hex"] = JsonStrings.Array(JsonStrings.ListOf(response["recovery_keys"])),
        ["recovery_keys_shares"] = 0,
        ["recovery_keys_threshold"] = 0,
        ["root_token"] = RootToken,
    };
}
