using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Login;

/// <summary>
/// `coffer login [-method=token|userpass|approle] [-path=P] [K=V...] [TOKEN]`: authenticates, stores the
/// resulting token in ~/.coffer-token (unless -no-store) and shows it. A wrapped login response (-wrap-ttl)
/// is unwrapped first unless -token-only or -no-store ask for the wrapping token itself.
/// </summary>
internal sealed class LoginCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer login [options] [AUTH K=V...]",
        "Authenticates to the server and stores the resulting token in ~/.coffer-token, which later " +
        "commands use when COFFER_TOKEN and VAULT_TOKEN are unset. The default method is \"token\": pass " +
        "the token as the argument (or \"-\" to read it from stdin), or give none to be asked for it. " +
        "Other methods take K=V pairs: -method=userpass username=U [password=P] (the password is asked " +
        "for when missing) and -method=approle role_id=R [secret_id=S]. -method names the TYPE of the " +
        "method; -path names where it is enabled when that differs from the type.");

    private static readonly IReadOnlyDictionary<string, ILoginMethod> Methods = new Dictionary<string, ILoginMethod>
    {
        ["token"] = new TokenLoginMethod(),
        ["userpass"] = new UserpassLoginMethod(),
        ["approle"] = new AppRoleLoginMethod(),
    };

    public string Name => "login";

    public string Synopsis => "Authenticate locally";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var methodFlag = flags.AddString("method", "token", "Type of authentication: token, userpass or approle. This is the TYPE, not the path.");
        var pathFlag = flags.AddString("path", "", "Path where the auth method is enabled. Defaults to the method's type (userpass → userpass/).");
        var noStore = flags.AddBool("no-store", "Do not store the token in ~/.coffer-token; only display it.");
        var noPrint = flags.AddBool("no-print", "Do not display the token; it is still stored.");
        var tokenOnly = flags.AddBool("token-only", "Print only the token, without storing it. Shortcut for -field=token -no-store.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        var store = !noStore.Value && !tokenOnly.Value;
        if (tokenOnly.Value)
        {
            invocation.ForceField("token");
        }

        if (noStore.Value && noPrint.Value)
        {
            return invocation.FailLocal("-no-store and -no-print cannot be used together");
        }

        var methodName = ApiPath.Sanitize(methodFlag.Value);
        methodName = methodName.Length == 0 ? "token" : methodName;
        if (!Methods.TryGetValue(methodName, out var method))
        {
            return invocation.FailLocal(TextWrap.WrapToString(
                $"Unknown auth method: {methodName}. Use \"coffer auth list\" to see the complete list of auth " +
                "methods. Additionally, some auth methods are only available via the HTTP API."));
        }

        var config = ParseConfig(invocation, methodName, pathFlag.Value);
        if (config is null)
        {
            return ExitCodes.LocalError;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        // A token from the environment or the token file means nothing to another auth method; sending it
        // along would only get a login rejected when it is stale.
        if (methodName != "token")
        {
            client.Token = null;
        }

        Secret secret;
        try
        {
            secret = await method.AuthenticateAsync(client, config, context);
        }
        catch (Exception error) when (error is LoginMethodException or ApiRequestException)
        {
            return invocation.FailRemote($"Error authenticating: {error.Message}");
        }

        // Only the login itself is wrapped; unwrapping it must not be wrapped again.
        client.WrapTtl = CofferApiClient.NoWrapping;
        return await FinishAsync(invocation, client, secret, store, tokenOnly.Value, noPrint.Value);
    }

    private static async Task<int> FinishAsync(
        CommandInvocation invocation,
        CofferApiClient client,
        Secret secret,
        bool store,
        bool tokenOnly,
        bool noPrint)
    {
        var output = invocation.Output;
        Secret? extracted;
        try
        {
            extracted = await ExtractTokenAsync(client, secret, unwrap: store);
        }
        catch (Exception error) when (error is LoginMethodException or ApiRequestException)
        {
            return invocation.FailRemote($"Error extracting token: {error.Message}");
        }

        if (extracted is null)
        {
            return invocation.FailRemote("Coffer returned an empty secret");
        }

        if (extracted.WrapInfo is not null && extracted.Auth is null)
        {
            return tokenOnly ? output.PrintField(RawField.Resolve(extracted, "wrapping_token"), "wrapping_token") : output.PrintSecret(extracted);
        }

        if (extracted.Auth is null)
        {
            return invocation.FailRemote(TextWrap.WrapToString(
                "Coffer returned a secret, but the secret has no authentication information attached. This " +
                "should never happen and is likely a bug."));
        }

        if (store)
        {
            if (StoreToken(invocation, extracted) is { } failed)
            {
                return failed;
            }

            WarnIfEnvironmentTokenWins(invocation);
        }
        else if (!tokenOnly)
        {
            output.PrintError(TextWrap.WrapToString(
                "The token was not stored in token helper. Set the COFFER_TOKEN (or VAULT_TOKEN) environment " +
                "variable or pass the token below with each request to Coffer.") + "\n");
        }

        if (noPrint)
        {
            return ExitCodes.Success;
        }

        if (output.Options.Field is not null)
        {
            return output.PrintSecret(extracted);
        }

        if (output.Options.IsTable)
        {
            output.PrintLine(TextWrap.WrapToString(store
                ? "Success! You are now authenticated. The token information displayed below is already stored " +
                  "in the token helper. You do NOT need to run \"coffer login\" again. Future Coffer requests " +
                  "will automatically use this token."
                : "Success! You are now authenticated. The token information displayed below is not stored " +
                  "anywhere; pass it with each request.") + "\n");
        }

        return output.PrintSecret(extracted);
    }

    /// <summary>
    /// The secret holding the token: the login response itself, or what its wrapping token unwraps to.
    /// Without <paramref name="unwrap"/> a wrapped response is returned as is.
    /// </summary>
    private static async Task<Secret?> ExtractTokenAsync(CofferApiClient client, Secret? secret, bool unwrap)
    {
        while (true)
        {
            if (secret is null)
            {
                throw new LoginMethodException("empty response from auth helper");
            }

            if (secret.Auth is not null)
            {
                return secret;
            }

            if (secret.WrapInfo is not { } wrapInfo)
            {
                throw new LoginMethodException("no auth or wrapping info in response");
            }

            if (Secret.StringField(wrapInfo, "wrapped_accessor").Length == 0)
            {
                throw new LoginMethodException("wrapped response does not contain a token");
            }

            if (!unwrap)
            {
                return secret;
            }

            client.Token = Secret.StringField(wrapInfo, "token");
            secret = await client.UnwrapAsync(null).ConfigureAwait(false);
        }
    }

    /// <returns>null when stored; otherwise the exit code, after showing the token so it is not lost.</returns>
    private static int? StoreToken(CommandInvocation invocation, Secret secret)
    {
        var token = Secret.StringField(secret.Auth, "client_token");
        var home = TokenHelper.HomeDirectory(invocation.Context.Environment);
        try
        {
            TokenHelper.StoreToken(home ?? throw new IOException("the home directory is unknown (HOME is not set)"), token);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            invocation.Output.PrintError($"Error storing token: {error.Message}");
            invocation.Output.PrintError(TextWrap.WrapToString(
                "Authentication was successful, but the token was not persisted. The resulting token is shown " +
                "below for your records.") + "\n");
            invocation.Output.PrintSecret(secret);
            return ExitCodes.RemoteError;
        }
    }

    private static void WarnIfEnvironmentTokenWins(CommandInvocation invocation)
    {
        if (invocation.Context.Environment.FirstNonEmpty("COFFER_TOKEN", "VAULT_TOKEN") is { Name: var name })
        {
            invocation.Output.PrintError(TextWrap.WrapToString(
                $"WARNING! The {name} environment variable is set! The value of this variable will take " +
                $"precedence; if this is unwanted please unset {name} or update its value accordingly.") + "\n");
        }
    }

    /// <returns>The K=V configuration with "mount" filled in, or null after reporting a parse error.</returns>
    private static IReadOnlyDictionary<string, string>? ParseConfig(CommandInvocation invocation, string methodName, string path)
    {
        var arguments = invocation.Arguments.ToList();
        // `coffer login TOKEN` is shorthand for `coffer login token=TOKEN`.
        if (methodName == "token" && arguments.Count > 0 && !arguments[0].Contains('='))
        {
            arguments[0] = "token=" + arguments[0];
        }

        Dictionary<string, string> config;
        try
        {
            config = new Dictionary<string, string>(
                DataArguments.ToStringMap(DataArguments.Parse(arguments, invocation.Context.In)), StringComparer.Ordinal);
        }
        catch (DataArgumentException error)
        {
            invocation.Output.PrintError($"Error parsing configuration: {error.Message}");
            return null;
        }

        if (!config.ContainsKey("mount"))
        {
            config["mount"] = path.Length > 0 ? path : methodName;
        }

        return config;
    }
}
