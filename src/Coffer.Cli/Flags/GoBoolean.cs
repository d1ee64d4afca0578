namespace Coffer.Cli.Flags;

/// <summary>
/// Boolean spellings accepted by Go's strconv.ParseBool, which Vault uses for both boolean flags and
/// variables such as VAULT_SKIP_VERIFY; accepting exactly the same set keeps existing scripts valid.
/// The server reads request fields by the same rule (Coffer.Core's LenientFields.TryParseBool) but the
/// client keeps its own copy: only ServerCommandLauncher.cs may depend on the server's assemblies, so
/// that the client still compiles without them.
/// </summary>
internal static class GoBoolean
{
    public static bool TryParse(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
