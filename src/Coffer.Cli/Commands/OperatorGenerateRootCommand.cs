using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;
using Coffer.Core.Seal;

namespace Coffer.Cli.Commands;

/// <summary>
/// `coffer operator generate-root`: Vault's generate-root ceremony. An operator starts an attempt with an OTP (or a
/// PGP key), key holders each submit an unseal key share, and the last one receives the encoded token, which
/// <c>-decode</c> turns back into the token with the OTP. With <c>-dr-token</c> the same steps mint a DR operation
/// token on a DR secondary. Exit codes as Vault's: 1 for local problems, 2 when the server refuses or is unreachable.
/// </summary>
internal sealed class OperatorGenerateRootCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer operator generate-root [options] [KEY]",
        "Generates a new root token by combining a quorum of unseal key shares; with -dr-token, a DR operation " +
        "token on a DR secondary. Start with \"-init\" and a one-time password from \"-generate-otp\" (or a PGP key " +
        "with \"-pgp-key\"); each key holder then runs the command with their key as the argument, \"-\" to read it " +
        "from stdin, or nothing to be prompted for it (then the nonce is looked up). The final share prints the " +
        "encoded token: decode it with \"-decode=<encoded> -otp=<otp>\".");

    public string Name => "operator generate-root";

    public string Synopsis => "Generates a new root token";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var init = flags.AddBool("init", "Start a root token generation. This can only be done if there is not currently one in progress.");
        var cancel = flags.AddBool("cancel", "Reset the root token generation progress, discarding any submitted unseal keys or configuration.");
        var status = flags.AddBool("status", "Print the status of the current attempt without providing an unseal key.");
        var decode = flags.AddString("decode", "", "The encoded token to decode (with -otp); \"-\" reads it from stdin.");
        var generateOtp = flags.AddBool("generate-otp", "Generate and print a high-entropy one-time password (OTP) suitable for -init.");
        var drToken = flags.AddBool("dr-token", "Generate a DR operation token on a DR secondary instead of a root token.");
        var otp = flags.AddString("otp", "", "OTP code to use with -decode or -init.");
        var pgpKeyFile = flags.AddString("pgp-key", "", "Path to a file holding a binary or base64-encoded PGP public key; the token is encrypted to it.");
        var nonce = flags.AddString("nonce", "", "Nonce value provided at initialization; the same nonce must be given with each unseal key.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        if (decode.Value != "")
        {
            return Decode(invocation, decode.Value, otp.Value);
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        var dr = drToken.Value;
        if (generateOtp.Value)
        {
            return await GenerateOtpAsync(invocation, client, dr);
        }
        if (cancel.Value)
        {
            return await invocation.RequestAsync(async () =>
            {
                await client.GenerateRootCancelAsync(dr);
                return true;
            }, "Error canceling root token generation", _ =>
            {
                invocation.Output.PrintLine("Success! Root token generation canceled (if it was started)");
                return ExitCodes.Success;
            });
        }
        if (init.Value)
        {
            return await InitAsync(invocation, client, dr, otp.Value, pgpKeyFile.Value);
        }
        if (status.Value)
        {
            return await invocation.RequestAsync(() => client.GenerateRootStatusAsync(dr), "Error getting root generation status",
                answer => PrintStatus(invocation, answer));
        }
        return await ProvideAsync(invocation, client, dr, invocation.Arguments.Count == 1 ? invocation.Arguments[0].Trim() : "", nonce.Value);
    }

    private static async Task<int> GenerateOtpAsync(CommandInvocation invocation, CofferApiClient client, bool dr)
    {
        JsonObject status;
        try
        {
            status = await client.GenerateRootStatusAsync(dr);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error getting root generation status: {error.Message}");
        }
        var length = (int)(status["otp_length"]?.GetValue<long>() ?? 0);
        // A server that reports no length predates sized OTPs: Vault then used 16 random bytes in base64.
        var otp = length == 0 ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) : OtpTokenEncoding.GenerateOtp(length);
        if (invocation.Output.Options.IsTable && invocation.Output.Options.Field is null)
        {
            invocation.Output.PrintRaw(otp);
            return ExitCodes.Success;
        }
        return invocation.Output.PrintObject(new JsonObject { ["otp"] = otp, ["otp_length"] = otp.Length }, () => invocation.Output.PrintRaw(otp));
    }

    /// <summary>Decoding needs only the OTP, so it works even where the server no longer answers (after a promotion).</summary>
    private static int Decode(CommandInvocation invocation, string encoded, string otp)
    {
        if (encoded == "-")
        {
            encoded = invocation.Context.In.ReadToEnd().Trim();
            if (encoded == "")
            {
                return invocation.FailLocal("Missing encoded value: use -decode=<string> to supply it");
            }
        }
        if (otp == "")
        {
            return invocation.FailLocal("Missing otp: use -otp to supply it");
        }
        string token;
        try
        {
            token = OtpTokenEncoding.Decode(encoded, otp);
        }
        catch (FormatException error)
        {
            return invocation.FailLocal($"Error decoding base64'd token: {error.Message}");
        }
        if (invocation.Output.Options.IsTable && invocation.Output.Options.Field is null)
        {
            invocation.Output.PrintRaw(token);
            return ExitCodes.Success;
        }
        return invocation.Output.PrintObject(new JsonObject { ["token"] = token }, () => invocation.Output.PrintRaw(token));
    }

    private static async Task<int> InitAsync(CommandInvocation invocation, CofferApiClient client, bool dr, string otp, string pgpKeyFile)
    {
        if (otp != "" && pgpKeyFile != "")
        {
            return invocation.FailLocal("Error initializing: cannot specify both -otp and -pgp-key");
        }
        var pgpKey = "";
        if (pgpKeyFile != "")
        {
            if (pgpKeyFile.StartsWith("keybase:", StringComparison.Ordinal))
            {
                return invocation.FailLocal("Error initializing: keybase keys are not supported; give -pgp-key the path of a file holding the public key");
            }
            try
            {
                pgpKey = ReadPgpKey(pgpKeyFile);
            }
            catch (IOException error)
            {
                return invocation.FailLocal($"Error reading the PGP key file: {error.Message}");
            }
            catch (UnauthorizedAccessException error)
            {
                return invocation.FailLocal($"Error reading the PGP key file: {error.Message}");
            }
        }
        return await invocation.RequestAsync(() => client.GenerateRootInitAsync(dr, otp, pgpKey), "Error initializing root generation",
            answer => PrintStatus(invocation, answer));
    }

    /// <summary>A file holding base64 text is sent as it is; anything else (binary or armored) is base64-encoded.</summary>
    private static string ReadPgpKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.UTF8.GetString(bytes).Trim();
        var buffer = new byte[bytes.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out _) ? text : Convert.ToBase64String(bytes);
    }

    private static async Task<int> ProvideAsync(CommandInvocation invocation, CofferApiClient client, bool dr, string key, string nonce)
    {
        JsonObject status;
        try
        {
            status = await client.GenerateRootStatusAsync(dr);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error getting root generation status: {error.Message}");
        }
        if (status["started"]?.GetValue<bool>() != true)
        {
            invocation.Output.PrintError(
                "No root generation is in progress. Start a root generation by running \"coffer operator generate-root -init\".");
            invocation.Output.PrintError(
                $"If starting root generation using the OTP method and generating your own OTP, the length of the OTP string needs to be {status["otp_length"]?.GetValue<long>() ?? 0} characters in length.");
            return ExitCodes.LocalError;
        }

        switch (key)
        {
            case "-":
                key = invocation.Context.In.ReadToEnd();
                break;
            case "":
                // At a prompt the nonce is the attempt's own: the key holder need not type it.
                nonce = status["nonce"]?.GetValue<string>() ?? "";
                invocation.Context.Err.WriteLine($"Operation nonce: {nonce}");
                var entered = SecretPrompt.Ask(invocation.Context, "Unseal Key (will be hidden): ");
                if (entered is null)
                {
                    return invocation.FailLocal(
                        "Error reading the unseal key: stdin was closed before a key was entered. Run the command from a " +
                        "terminal, pipe the key on stdin, or pass it as the first argument.");
                }
                key = entered;
                break;
        }
        key = key.Trim();
        if (nonce == "")
        {
            return invocation.FailLocal("Missing nonce value: specify it via the -nonce flag");
        }
        return await invocation.RequestAsync(() => client.GenerateRootUpdateAsync(dr, key, nonce), "Error posting unseal key",
            answer => PrintStatus(invocation, answer));
    }

    private static int PrintStatus(CommandInvocation invocation, JsonObject status) =>
        invocation.Output.PrintObject(status, () =>
        {
            string Text(string name) => status[name] is JsonValue value ? GoValueFormatter.ScalarText(value) : "";
            var rows = new List<(string Key, string Value)>
            {
                ("Nonce", Text("nonce")),
                ("Started", Text("started")),
                ("Progress", $"{Text("progress")}/{Text("required")}"),
                ("Complete", Text("complete")),
            };
            if (Text("pgp_fingerprint") != "")
            {
                rows.Add(("PGP Fingerprint", Text("pgp_fingerprint")));
            }
            if (Text("encoded_token") != "")
            {
                rows.Add(("Encoded Token", Text("encoded_token")));
            }
            else if (Text("encoded_root_token") != "")
            {
                rows.Add(("Encoded Root Token", Text("encoded_root_token")));
            }
            if (Text("otp") != "")
            {
                invocation.Output.PrintError(
                    "A One-Time-Password has been generated for you and is shown in the OTP field. You will need this " +
                    "value to decode the resulting root token, so keep it safe.");
                rows.Add(("OTP", Text("otp")));
            }
            if (Text("otp_length") is var length && length != "" && length != "0")
            {
                rows.Add(("OTP Length", length));
            }
            invocation.Output.PrintLine(TableFormatter.FormatKeyValues(rows).TrimEnd('\n'));
        });
}
