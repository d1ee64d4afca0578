using System.Net;
using Coffer.Bench.Baseline;
using Coffer.Bench.Cli;

namespace Coffer.Bench.Commands;

/// <summary>
/// <c>baseline-server</c>: runs <see cref="BaselineServer"/> until SIGTERM/SIGINT, or, with
/// <c>-exit-on-stdin-eof</c>, until standard input closes. That is opt-in because a script
/// that starts the server with <c>&amp;</c> hands it /dev/null as stdin, which would end it at once.
/// </summary>
public static class BaselineServerCommand
{
    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args)
    {
        var flags = new FlagSet("baseline-server");
        var address = flags.String("address", "127.0.0.1:8300", "host:port to listen on (port 0 picks a free port)");
        var stdinEof = flags.Bool("exit-on-stdin-eof", false, "stop when standard input is closed");
        if (FlagSet.IsHelpRequest(args))
        {
            flags.WriteUsage(Console.Out);
            return ExitCodes.Ok;
        }

        IPEndPoint endpoint;
        try
        {
            var positional = flags.Parse(args);
            if (positional.Count > 0)
            {
                throw new FlagException($"unexpected argument \"{positional[0]}\"");
            }

            endpoint = ParseEndpoint(address.Value);
        }
        catch (FlagException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            flags.WriteUsage(Console.Error);
            return ExitCodes.Usage;
        }

        await using var server = new BaselineServer(endpoint);
        try
        {
            await server.StartAsync();
        }
        catch (IOException ex)
        {
            // Kestrel reports "address already in use" as an IOException.
            Console.Error.WriteLine($"error: cannot listen on {endpoint}: {ex.Message}");
            return ExitCodes.Failure;
        }

        Console.Out.WriteLine($"listening on {server.Address}");
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        if (stdinEof.Value)
        {
            _ = Task.Run(async () =>
            {
                while (await Console.In.ReadLineAsync() is not null)
                {
                }

                await stop.CancelAsync();
            });
        }

        // The host's console lifetime already turns SIGTERM and Ctrl+C into shutdown.
        await server.WaitForShutdownAsync(stop.Token);
        return ExitCodes.Ok;
    }

    public static IPEndPoint ParseEndpoint(string text)
    {
        var value = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? text["http://".Length..].TrimEnd('/') : text;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            throw new FlagException($"-address must be host:port, got \"{text}\"");
        }

        var host = value[..colon].Trim('[', ']');
        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            throw new FlagException($"-address host must be an IP address or localhost, got \"{host}\"");
        }

        return new IPEndPoint(ip, port);
    }
}
