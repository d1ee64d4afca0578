using Coffer.Cli.Api;

namespace Coffer.Cli.Tests.Support;

/// <summary>Response bodies shaped like Vault's, shared by formatting and command tests.</summary>
internal static class SampleEnvelopes
{
    public const string KvRead = """
        {"request_id":"req-1","lease_id":"","lease_duration":2764800,"renewable":false,
         "data":{"foo":"bar","count":3,"ttl":90,"nested":{"b":1,"a":[1,2]},"empty":""},
         "wrap_info":null,"warnings":null,"auth":null,"mount_type":"kv"}
        """;

    public const string Login = """
        {"request_id":"req-2","lease_id":"","lease_duration":0,"renewable":false,"data":null,
         "auth":{"client_token":"s.login","accessor":"acc-1","policies":["default","ops"],
                 "token_policies":["default","ops"],"identity_policies":null,
                 "metadata":{"username":"bob"},"lease_duration":3600,"renewable":true},
         "warnings":null,"wrap_info":null}
        """;

    public const string Wrapped = """
        {"request_id":"","lease_id":"","lease_duration":0,"renewable":false,"data":null,
         "wrap_info":{"token":"s.wrapping","accessor":"wacc","ttl":300,
                      "creation_time":"2024-05-01T10:00:00Z","creation_path":"auth/approle/role/r/secret-id",
                      "wrapped_accessor":""},
         "warnings":null,"auth":null}
        """;

    public const string DynamicLease = """
        {"request_id":"req-3","lease_id":"database/creds/ro/abc","lease_duration":3600,"renewable":true,
         "data":{"username":"v-ro","password":"pw"},"warnings":["lease shortened"]}
        """;

    public static Secret Parse(string json) => Secret.Parse(json)!;
}
