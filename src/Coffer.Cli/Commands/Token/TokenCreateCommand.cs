using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

/// <summary>
/// `coffer token create`: a child token of the caller (<c>auth/token/create</c>), an orphan
/// (<c>-orphan</c> → <c>create-orphan</c>) or a token from a role (<c>-role</c> → <c>create/ROLE</c>).
/// </summary>
internal sealed class TokenCreateCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer token create [options]",
        "Creates a new token that can be used for authentication. The new token is a child of the " +
        "authenticated token unless -orphan is given, and gets the given policies (a subset of the " +
        "parent's unless the parent is root). With -role the token is created against that token role, " +
        "whose settings override the flags. The token is printed once; store it safely.");

    public string Name => "token create";

    public string Synopsis => "Create a new token";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var id = flags.AddString("id", "", "Value of the new token instead of a generated one. Needs a root token.");
        var displayName = flags.AddString("display-name", "", "Name to associate with the token, shown in logs and lookups.");
        var ttl = flags.AddDuration("ttl", "Initial time to live of the token, e.g. 1h. Renewals can extend it up to the maximum.");
        var explicitMaxTtl = flags.AddDuration("explicit-max-ttl", "Hard limit on the token's lifetime that renewals cannot pass.");
        var period = flags.AddDuration("period", "Makes a periodic token: every renewal resets its TTL to this value. Needs root or sudo.");
        var renewable = flags.AddBool("renewable", true, "Whether the token may be renewed. Defaults to true; batch tokens never are.");
        var orphan = flags.AddBool("orphan", "Create a token with no parent, so revoking the caller does not revoke it.");
        var noDefaultPolicy = flags.AddBool("no-default-policy", "Leave the \"default\" policy off the token.");
        var useLimit = flags.AddInt("use-limit", 0, "Number of uses after which the token is revoked; 0 means unlimited.");
        var role = flags.AddString("role", "", "Token role to create the token against (auth/token/create/ROLE).");
        var type = flags.AddString("type", "service", "Type of token: service or batch.");
        var policies = flags.AddStringList("policy", "Policy to attach to the token. Repeat the flag to attach several.");
        var metadata = flags.AddKeyValue("metadata", "Metadata key=value to attach to the token; shown in audit logs. Repeatable.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        var request = new JsonObject();
        if (id.Value.Length > 0)
        {
            request["id"] = id.Value;
        }

        if (policies.Values.Count > 0)
        {
            request["policies"] = JsonStrings.Array(policies.Values);
        }

        if (metadata.Pairs.Count > 0)
        {
            request["meta"] = JsonStrings.Object(metadata.Pairs);
        }

        request.AddIfGiven("ttl", ttl);
        request.AddIfGiven("explicit_max_ttl", explicitMaxTtl);
        request.AddIfGiven("period", period);
        if (orphan.Value)
        {
            request["no_parent"] = true;
        }

        if (noDefaultPolicy.Value)
        {
            request["no_default_policy"] = true;
        }

        request["display_name"] = displayName.Value;
        request["num_uses"] = useLimit.Value;
        // Batch tokens cannot be renewed; asking for it would only earn an error from the server.
        request["renewable"] = type.Value != "batch" && renewable.Value;
        request["type"] = type.Value;

        var path = role.Value.Length > 0 ? "auth/token/create/" + ApiPath.Sanitize(role.Value)
            : orphan.Value ? "auth/token/create-orphan"
            : "auth/token/create";

        return await invocation.CallApiAsync(
            client => client.CreateTokenAsync(path, request),
            "Error creating token",
            secret => secret is null ? ExitCodes.Success : invocation.Output.PrintSecret(secret));
    }
}
