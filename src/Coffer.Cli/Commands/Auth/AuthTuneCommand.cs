using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth tune [options] PATH`: changes settings of the auth method at PATH.</summary>
internal sealed class AuthTuneCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer auth tune [options] PATH",
        "Tunes the configuration of the auth method enabled at PATH (the path, not the type). Only the " +
        "settings given are changed. A TTL of -1 restores the server's default.");

    public string Name => "auth tune";

    public string Synopsis => "Tune an auth method configuration";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var defaultLeaseTtl = flags.AddDuration("default-lease-ttl", "Default TTL of tokens issued by the method; -1 for the server's default.");
        var maxLeaseTtl = flags.AddDuration("max-lease-ttl", "Maximum TTL of tokens issued by the method; -1 for the server's maximum.");
        var description = flags.AddString("description", "", "New description of the method; replaces the current one.");
        var listingVisibility = flags.AddString("listing-visibility", "", "Whether the UI lists the method to unauthenticated users: \"unauth\" or \"hidden\".");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        var request = new JsonObject();
        AddTtl(request, "default_lease_ttl", defaultLeaseTtl);
        AddTtl(request, "max_lease_ttl", maxLeaseTtl);
        request.AddIfGiven("description", description);
        request.AddIfGiven("listing_visibility", listingVisibility);

        return await invocation.CallApiAsync(
            client => client.TuneAuthAsync(path, request),
            $"Error tuning auth method {path}/",
            $"Success! Tuned the auth method at: {path}/");
    }

    /// <summary>As in vault: zero leaves the setting alone, a negative value means "back to the system default".</summary>
    private static void AddTtl(JsonObject request, string name, DurationFlag flag)
    {
        if (flag.Value < TimeSpan.Zero)
        {
            request[name] = "system";
        }
        else if (flag.Value > TimeSpan.Zero)
        {
            request[name] = GoDuration.Format(flag.Value);
        }
    }
}
