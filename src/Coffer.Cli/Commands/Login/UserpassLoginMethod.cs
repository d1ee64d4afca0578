using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Login;

/// <summary>
/// `coffer login -method=userpass username=U [password=P]`: <c>auth/&lt;mount&gt;/login/U</c>. Without a
/// password one is asked for: hidden at a terminal, a line from stdin when stdin is redirected.
/// </summary>
internal sealed class UserpassLoginMethod : ILoginMethod
{
    public async Task<Secret> AuthenticateAsync(CofferApiClient client, IReadOnlyDictionary<string, string> config, CliContext context)
    {
        var username = LoginConfig.Value(config, "username") ?? throw new LoginMethodException("'username' must be specified");
        var password = LoginConfig.Value(config, "password")
            ?? SecretPrompt.Ask(context, "Password (will be hidden): ")
            ?? throw new LoginMethodException("no password was entered: stdin was closed. Pass password=... or pipe it on stdin.");

        var request = new JsonObject { ["password"] = password };
        // MFA fields of the legacy userpass MFA, passed through when given, as vault does.
        foreach (var optional in new[] { "method", "passcode" })
        {
            if (LoginConfig.Value(config, optional) is { } value)
            {
                request[optional] = value;
            }
        }

        var path = $"auth/{LoginConfig.Mount(config, "userpass")}/login/{username}";
        return await client.WriteAsync(path, request).ConfigureAwait(false)
            ?? throw new LoginMethodException("empty response from credential provider");
    }
}
