using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// A command's parsed command line plus what it needs to act on it: positional arguments, the output
/// printer and a way to build the API client. Centralises the vault conventions every command shares:
/// flag errors and bad argument counts exit 1, -h prints help and exits 0, a failed request is reported
/// as "&lt;what was being done&gt;: &lt;reason&gt;" and exits 2.
/// </summary>
internal sealed class CommandInvocation
{
    private readonly GlobalFlags _globals;

    private CommandInvocation(CliContext context, IReadOnlyList<string> arguments, GlobalFlags globals, OutputOptions output)
    {
        Context = context;
        Arguments = arguments;
        _globals = globals;
        Output = new OutputPrinter(context, output);
    }

    public CliContext Context { get; }

    public IReadOnlyList<string> Arguments { get; }

    public OutputPrinter Output { get; private set; }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="flags"/>, which must already hold the command's
    /// own flags and <paramref name="globals"/>, and checks the number of positional arguments. Commands with
    /// their own rules for the count leave <paramref name="minArguments"/> and <paramref name="maxArguments"/> open.
    /// </summary>
    /// <returns>null when the command must stop now; <paramref name="exitCode"/> then says how.</returns>
    public static CommandInvocation? Parse(
        CliContext context,
        CommandHelp help,
        FlagSet flags,
        GlobalFlags globals,
        IReadOnlyList<string> args,
        out int exitCode,
        int minArguments = 0,
        int maxArguments = int.MaxValue)
    {
        var positional = CommandLine.ParseFlags(context, help, flags, args, out exitCode);
        if (positional is null)
        {
            return null;
        }

        OutputOptions output;
        try
        {
            output = globals.ResolveOutput(context.Environment);
        }
        catch (FlagParseException error)
        {
            context.Err.WriteLine(error.Message);
            exitCode = ExitCodes.LocalError;
            return null;
        }

        // The warning comes first: a misplaced flag is the likely cause of a wrong argument count.
        WarnAboutMisplacedFlags(context, positional, output);
        if (CommandLine.ArgumentCountError(positional.Count, minArguments, maxArguments) is { } countError)
        {
            context.Err.WriteLine(countError);
            exitCode = ExitCodes.LocalError;
            return null;
        }

        return new CommandInvocation(context, positional, globals, output);
    }

    /// <summary>Makes later output print only <paramref name="field"/>, as if -field had been given.</summary>
    public void ForceField(string field) => Output = new OutputPrinter(Context, Output.Options with { Field = field });

    /// <summary>Reports a failure on the server's side (or on the way there): exit code 2.</summary>
    public int FailRemote(string message)
    {
        Output.PrintError(message);
        return ExitCodes.RemoteError;
    }

    /// <summary>Reports a problem with the command line or local input: exit code 1.</summary>
    public int FailLocal(string message)
    {
        Output.PrintError(message);
        return ExitCodes.LocalError;
    }

    /// <returns>null after printing the reason when the client cannot be configured.</returns>
    public CofferApiClient? CreateClientOrReport()
    {
        try
        {
            return new CofferApiClient(_globals.ResolveClient(Context.Environment));
        }
        catch (ClientConfigurationException error)
        {
            Output.PrintError(error.Message);
            return null;
        }
    }

    /// <summary>
    /// The K=V data arguments from position <paramref name="first"/> on (see <see cref="DataArguments"/>), in
    /// the shape <paramref name="convert"/> gives them.
    /// </summary>
    /// <returns>null after printing vault's message when an argument is malformed or cannot be converted.</returns>
    public T? ParseDataOrReport<T>(int first, Func<JsonObject, T> convert)
        where T : class
    {
        try
        {
            return convert(DataArguments.Parse(Arguments.Skip(first), Context.In));
        }
        catch (DataArgumentException error)
        {
            Output.PrintError($"Failed to parse K=V data: {error.Message}");
            return null;
        }
    }

    /// <summary>
    /// The usual life of a command after its arguments are checked: build the client, send one request and
    /// show the answer with <paramref name="show"/>. A client that cannot be configured or a failed request
    /// is reported (the latter as "<paramref name="failure"/>: reason") and exits 2.
    /// </summary>
    public async Task<int> CallApiAsync<T>(Func<CofferApiClient, Task<T>> request, string failure, Func<T, int> show)
    {
        using var client = CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        return await RequestAsync(() => request(client), failure, show);
    }

    /// <summary>
    /// The request step of <see cref="CallApiAsync{T}"/> for commands that already hold a client: send the request
    /// and show the answer with <paramref name="show"/>; a failed request is reported as
    /// "<paramref name="failure"/>: reason" and exits 2.
    /// </summary>
    public async Task<int> RequestAsync<T>(Func<Task<T>> request, string failure, Func<T, int> show)
    {
        T answer;
        try
        {
            answer = await request();
        }
        catch (ApiRequestException error)
        {
            return FailRemote($"{failure}: {error.Message}");
        }

        return show(answer);
    }

    /// <summary>
    /// <see cref="CallApiAsync{T}"/> for requests that answer nothing worth showing: success prints
    /// <paramref name="success"/>, in every output format, as vault does.
    /// </summary>
    public Task<int> CallApiAsync(Func<CofferApiClient, Task> request, string failure, string success) =>
        CallApiAsync(
            async client =>
            {
                await request(client);
                return true;
            },
            failure,
            _ =>
            {
                Output.PrintLine(success);
                return ExitCodes.Success;
            });

    private static void WarnAboutMisplacedFlags(CliContext context, IReadOnlyList<string> positional, OutputOptions output)
    {
        var misplaced = FlagSet.FindMisplacedFlags(positional);
        if (misplaced.Count > 0 && output.IsTable)
        {
            context.Err.WriteLine(
                "WARNING! Command flags must be provided before positional arguments. The following arguments " +
                $"will not be parsed as flags: [{string.Join(',', misplaced)}]");
        }
    }
}
