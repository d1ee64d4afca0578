using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Login;

/// <summary>
/// `coffer login -method=approle role_id=R [secret_id=S]`: <c>auth/&lt;mount&gt;/login</c>. The secret id is
/// optional because a role may be bound by other means (bind_secret_id=false).
/// </summary>
internal sealed class AppRoleLoginMethod : ILoginMethod
{
    public async Task<Secret> AuthenticateAsync(CofferApiClient client, IReadOnlyDictionary<string, string> config, CliContext context)
    {
        var roleId = LoginConfig.Value(config, "role_id") ?? throw new LoginMethodException("'role_id' must be specified");
        var request = new JsonObject { ["role_id"] = roleId };
        if (LoginConfig.Value(config, "secret_id") is { } secretId)
        {
            request["secret_id"] = secretId;
        }

        return await client.WriteAsync($"auth/{LoginConfig.Mount(config, "approle")}/login", request).ConfigureAwait(false)
            ?? throw new LoginMethodException("empty response from credential provider");
    }
}
