using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

/// <summary>
/// `coffer token revoke [-self] [-accessor] [-mode=orphan|path] [TOKEN]`. By default the token and all its
/// descendants go; <c>-mode=orphan</c> spares the children; <c>-mode=path</c> revokes everything issued
/// under a path prefix (the argument is then a path, not a token).
/// </summary>
internal sealed class TokenRevokeCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer token revoke [options] [TOKEN | ACCESSOR | PATH]",
        "Revokes a token and, by default, all tokens created from it along with their leases. With " +
        "-mode=orphan only the token is revoked and its children become orphans. With -mode=path the " +
        "argument is a path prefix (e.g. auth/userpass/login) and every token issued under it is revoked. " +
        "With -accessor the argument is a token accessor; with -self the authenticated token is revoked.");

    public string Name => "token revoke";

    public string Synopsis => "Revoke a token and its children";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var accessor = flags.AddBool("accessor", "Treat the argument as a token accessor instead of a token.");
        var self = flags.AddBool("self", "Revoke the authenticated token.");
        var mode = flags.AddString("mode", "", "Revocation mode: empty (token and children), orphan (token only) or path (a path prefix).");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (Validate(invocation.Arguments.Count, self.Value, accessor.Value, mode.Value) is { } problem)
        {
            return invocation.FailLocal(problem);
        }

        var target = self.Value ? "" : invocation.Arguments[0].Trim();
        return await invocation.CallApiAsync(
            client => self.Value ? client.RevokeSelfAsync()
                : accessor.Value ? client.RevokeAccessorAsync(target)
                : mode.Value == "orphan" ? client.RevokeOrphanAsync(target)
                : mode.Value == "path" ? client.RevokePrefixAsync(target)
                : client.RevokeTreeAsync(target),
            "Error revoking token",
            "Success! Revoked token (if it existed)");
    }

    /// <returns>vault's message for a combination it rejects, or null when the combination is valid.</returns>
    private static string? Validate(int argumentCount, bool self, bool accessor, string mode)
    {
        if (mode is not ("" or "orphan" or "path"))
        {
            return $"Invalid mode: {mode}";
        }

        return (self, accessor, mode) switch
        {
            (true, _, _) when argumentCount > 0 => $"Too many arguments with -self (expected 0, got {argumentCount})",
            (false, _, _) when argumentCount > 1 => $"Too many arguments (expected 1 or -self, got {argumentCount})",
            (false, _, _) when argumentCount < 1 => $"Not enough arguments (expected 1 or -self, got {argumentCount})",
            (true, true, _) => "Cannot use -self with -accessor!",
            (true, _, not "") => "Cannot use -self with -mode!",
            (_, true, "orphan") => "Cannot use -accessor with -mode=orphan!",
            (_, true, "path") => "Cannot use -accessor with -mode=path!",
            _ => null,
        };
    }
}
