using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Login;

/// <summary>
/// `coffer login [TOKEN]`: checks an existing token by looking it up (<c>auth/token/lookup-self</c>) and
/// presents the result as if it were a login response, so it prints and stores the same way.
/// <c>lookup=false</c> skips the check.
/// </summary>
internal sealed class TokenLoginMethod : ILoginMethod
{
    public async Task<Secret> AuthenticateAsync(CofferApiClient client, IReadOnlyDictionary<string, string> config, CliContext context)
    {
        // Checked before prompting, so a typo here does not cost the user typing their token first.
        var lookup = true;
        if (config.TryGetValue("lookup", out var lookupText) && !GoBoolean.TryParse(lookupText, out lookup))
        {
            throw new LoginMethodException($"Failed to parse \"lookup\" as boolean: \"{lookupText}\" is not a boolean");
        }

        var token = config.TryGetValue("token", out var given)
            ? given
            : SecretPrompt.Ask(context, "Token (will be hidden): ")
              ?? throw new LoginMethodException("no token was entered: stdin was closed. Pass the token as an argument or pipe it on stdin.");
        token = token.Trim();
        if (token.Length == 0)
        {
            throw new LoginMethodException("a token must be passed to auth, please view the help for more information");
        }

        if (!lookup)
        {
            return new Secret(new JsonObject { ["auth"] = new JsonObject { ["client_token"] = token } });
        }

        client.Token = token;
        client.WrapTtl = CofferApiClient.NoWrapping;
        Secret? lookedUp;
        try
        {
            lookedUp = await client.LookupSelfAsync().ConfigureAwait(false);
        }
        catch (ApiRequestException error)
        {
            throw new LoginMethodException($"error looking up token: {error.Message}");
        }

        var data = lookedUp?.Data ?? throw new LoginMethodException("empty response from lookup-self");
        return new Secret(new JsonObject
        {
            ["request_id"] = "",
            ["lease_id"] = "",
            ["lease_duration"] = 0,
            ["renewable"] = false,
            ["data"] = null,
            ["warnings"] = null,
            ["auth"] = AuthFromLookup(data),
        });
    }

    /// <summary>The auth block a login would have returned, built from lookup data the way vault's CLI does.</summary>
    private static JsonObject AuthFromLookup(JsonObject data)
    {
        var tokenPolicies = JsonStrings.ListOf(data["policies"]);
        var identityPolicies = JsonStrings.ListOf(data["identity_policies"]);
        var allPolicies = tokenPolicies.Concat(identityPolicies).Distinct(StringComparer.Ordinal).ToList();
        return new JsonObject
        {
            ["client_token"] = Secret.StringField(data, "id"),
            ["accessor"] = Secret.StringField(data, "accessor"),
            ["policies"] = ArrayOrNull(allPolicies),
            ["token_policies"] = ArrayOrNull(tokenPolicies),
            ["identity_policies"] = ArrayOrNull(identityPolicies),
            ["metadata"] = (data["meta"] ?? data["metadata"])?.DeepClone(),
            ["orphan"] = Secret.BoolField(data, "orphan"),
            ["entity_id"] = Secret.StringField(data, "entity_id"),
            ["lease_duration"] = Secret.LongField(data, "ttl"),
            ["renewable"] = Secret.BoolField(data, "renewable"),
            ["mfa_requirement"] = null,
        };
    }

    private static JsonArray? ArrayOrNull(List<string> values) =>
        values.Count == 0 ? null : JsonStrings.Array(values);
}
