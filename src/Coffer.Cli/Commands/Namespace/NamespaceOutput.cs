using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Namespace;

/// <summary>How namespace commands show an answer that may be empty.</summary>
internal static class NamespaceOutput
{
    /// <summary>
    /// The envelope as `read` shows it. An empty answer prints nothing, as in vault, except that -field then
    /// reports the field missing, because a script asked for a value it will not get.
    /// </summary>
    public static int Print(CommandInvocation invocation, Secret? secret)
    {
        if (secret is not null)
        {
            return invocation.Output.PrintSecret(secret);
        }

        return invocation.Output.Options.Field is { } field ? invocation.Output.PrintField(null, field) : ExitCodes.Success;
    }
}
