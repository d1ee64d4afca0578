using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// Resolves a <c>-field</c> name against a response with vault's rules. Auth responses expose
/// <c>token</c>, <c>token_accessor</c>, <c>token_duration</c>, <c>token_renewable</c>, <c>token_policies</c>,
/// <c>identity_policies</c> and <c>policies</c>; wrapped responses expose <c>wrapping_token</c>,
/// <c>wrapping_accessor</c>, <c>wrapping_token_ttl</c>, <c>wrapping_token_creation_time</c>,
/// <c>wrapping_token_creation_path</c> and <c>wrapped_accessor</c>, and <c>token</c> gives the wrapping token too
/// when data has no such field, so runbooks' <c>write -field=token -f sys/replication/dr/primary/secondary-token</c>
/// prints the activation token; other responses expose
/// <c>lease_id</c>, <c>lease_duration</c>, <c>refresh_interval</c>, <c>renewable</c>, <c>request_id</c> and
/// <c>data</c>. Every other name is looked up in <c>data</c>.
/// </summary>
internal static class RawField
{
    /// <returns>null when the field is absent or JSON null (both reported as "not present").</returns>
    public static JsonNode? Resolve(Secret secret, string field)
    {
        if (secret.Auth is { } auth)
        {
            return field switch
            {
                "token" => Copy(auth["client_token"]),
                "token_accessor" => Copy(auth["accessor"]),
                "token_duration" => Copy(auth["lease_duration"]),
                "token_renewable" => Copy(auth["renewable"]),
                "token_policies" or "identity_policies" or "policies" => Copy(auth[field]),
                _ => DataField(secret, field),
            };
        }

        if (secret.WrapInfo is { } wrapInfo)
        {
            return field switch
            {
                "wrapping_token" => Copy(wrapInfo["token"]),
                "wrapping_accessor" => Copy(wrapInfo["accessor"]),
                "wrapping_token_ttl" => Copy(wrapInfo["ttl"]),
                "wrapping_token_creation_time" => Copy(wrapInfo["creation_time"]),
                "wrapping_token_creation_path" => Copy(wrapInfo["creation_path"]),
                "wrapped_accessor" => Copy(wrapInfo["wrapped_accessor"]),
                "token" => DataField(secret, field) ?? Copy(wrapInfo["token"]),
                _ => DataField(secret, field),
            };
        }

        return field switch
        {
            "lease_duration" or "refresh_interval" => secret.LeaseDuration,
            "lease_id" => secret.LeaseId,
            "request_id" => secret.RequestId,
            "renewable" => secret.Renewable,
            // KV v2 nests the secret under data.data; "-field=data" should give the secret itself.
            "data" => Copy(secret.Data?["data"]) ?? Copy(secret.Data),
            _ => DataField(secret, field),
        };
    }

    private static JsonNode? DataField(Secret secret, string field) => Copy(secret.Data?[field]);

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();
}
