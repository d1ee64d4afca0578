namespace Coffer.Cli.Tests.Support;

/// <summary>Token-store responses shaped like Vault's, for the login and token command tests.</summary>
internal static class TokenEnvelopes
{
    public const string LookupSelf = """
        {"request_id":"req-l","lease_id":"","lease_duration":0,"renewable":false,
         "data":{"accessor":"acc-7","creation_time":1700000000,"creation_ttl":2764800,"display_name":"token",
                 "entity_id":"ent-1","expire_time":"2024-06-01T00:00:00Z","explicit_max_ttl":0,"id":"s.given",
                 "identity_policies":["group-pol"],"meta":{"team":"ops"},"num_uses":0,"orphan":false,
                 "path":"auth/token/create","policies":["default","ops"],"renewable":true,"ttl":2764790,
                 "type":"service"},
         "warnings":null,"auth":null}
        """;

    public const string RootLookup = """
        {"data":{"accessor":"acc-root","id":"s.root","policies":["root"],"ttl":0,"renewable":false,"meta":null}}
        """;

    public const string Created = """
        {"request_id":"req-c","lease_id":"","lease_duration":0,"renewable":false,"data":null,
         "auth":{"client_token":"s.created","accessor":"acc-c","policies":["default","web"],
                 "token_policies":["default","web"],"identity_policies":null,"metadata":{"app":"web"},
                 "lease_duration":3600,"renewable":true,"entity_id":"","token_type":"service","orphan":false},
         "warnings":null,"wrap_info":null}
        """;

    /// <summary>A wrapped login: the wrapping token stands in for the real one until unwrapped.</summary>
    public const string WrappedLogin = """
        {"request_id":"","lease_id":"","lease_duration":0,"renewable":false,"data":null,"auth":null,
         "wrap_info":{"token":"s.wrapper","accessor":"wacc","ttl":120,"creation_time":"2024-05-01T10:00:00Z",
                      "creation_path":"auth/userpass/login/bob","wrapped_accessor":"acc-1"},
         "warnings":null}
        """;
}
