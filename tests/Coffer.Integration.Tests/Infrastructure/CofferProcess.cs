using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Coffer.Integration.Tests.Infrastructure;

/// <summary>
/// A real <c>coffer server</c> child process on a free loopback port. It is stopped by its own pid, never by name.
/// </summary>
public sealed class CofferProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CofferProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Path of the coffer CLI assembly, copied next to the tests by the project reference.</summary>
    public static string CofferDll => Path.Combine(AppContext.BaseDirectory, "coffer.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free port whose successor is free too: a server's cluster port defaults to its API port + 1.</summary>
    public static int FreePortPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
        }
    }

    /// <summary>Starts <c>coffer server</c> with <paramref name="arguments"/> and waits until the API answers.</summary>
    public static Task<CofferProcess> StartAsync(string address, params string[] arguments) => StartAsync(address, arguments, null);

    /// <summary>As above; <paramref name="probeHandler"/> lets a TLS test wait with a client that trusts its CA.</summary>
    public static async Task<CofferProcess> StartAsync(string address, string[] arguments, HttpMessageHandler? probeHandler)
    {
        var process = Launch(["server", .. arguments], out var output);
        var server = new CofferProcess(process, address);
        output(server._output);
        using var client = TestHttp.Client(address, handler: probeHandler);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"coffer server exited with {process.ExitCode}:\n{server.Output}");
            }
            try
            {
                using var response = await client.GetAsync("/v1/sys/health");
                return server;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        await server.DisposeAsync();
        throw new TimeoutException($"coffer server did not answer within 30 s:\n{server.Output}");
    }

    /// <summary>Runs <c>coffer</c> with arguments to completion, returning its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(
        IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? stdin = null, int timeoutSeconds = 60)
    {
        var info = StartInfo(arguments);
        info.RedirectStandardInput = true;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"coffer {string.Join(' ', arguments)} did not finish");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL: the process gets no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, the graceful stop an init system sends, then SIGKILL if it hangs.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        SendSignal(_process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static Process Launch(IEnumerable<string> arguments, out Action<StringBuilder> attachOutput)
    {
        var process = Process.Start(StartInfo(arguments))!;
        attachOutput = sink =>
        {
            void Append(object _, DataReceivedEventArgs e)
            {
                if (e.Data is not null)
                {
                    lock (sink)
                    {
                        sink.AppendLine(e.Data);
                    }
                }
            }
            process.OutputDataReceived += Append;
            process.ErrorDataReceived += Append;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        };
        return process;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CofferDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var variable in new[] { "VAULT_ADDR", "VAULT_TOKEN", "COFFER_ADDR", "COFFER_TOKEN" })
        {
            info.Environment.Remove(variable);
        }
        return info;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
