using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>
/// `secrets disable`, `auth disable` and `audit disable`: one DELETE on the mount at PATH (sanitized) in
/// <see cref="Endpoint"/>'s table. The three differ only in that table and wording; success is reported whether
/// or not something was mounted there.
/// </summary>
internal abstract class MountDisableCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Synopsis { get; }

    protected abstract CommandHelp Help { get; }

    protected abstract MountEndpoint Endpoint { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        return await invocation.CallApiAsync(client => Endpoint.DisableAsync(client, path), Failure(path), Success(path));
    }

    /// <summary>What a failed request is reported as, before ": reason".</summary>
    protected abstract string Failure(string path);

    protected abstract string Success(string path);
}
