using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on a free 127.0.0.1 port that forwards every connection byte for byte to one target, so it carries
/// TLS and HTTP/2 unchanged. Tests put it between two clusters and break the link on demand: <see cref="Cut"/>
/// aborts every live connection at once (both sides see a reset) and resets new ones as soon as they are accepted
/// until <see cref="Restore"/>; <see cref="SetLatency"/> delays each forwarded chunk. The port stays bound while cut,
/// so it cannot be taken by another process before the link is restored.
/// </summary>
public sealed class LoopbackFaultProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _connectionTasks = new();
    private Task _acceptLoop = Task.CompletedTask;
    private long _latencyTicks;
    private volatile bool _cut;
    private int _disposed;

    private LoopbackFaultProxy(TcpListener listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, to use wherever the target's address would go.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>True between <see cref="Cut"/> and <see cref="Restore"/>.</summary>
    public bool IsCut => _cut;

    /// <summary>Connections currently being forwarded.</summary>
    public int LiveConnections => _connections.Count;

    public static Task<LoopbackFaultProxy> StartAsync(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var proxy = new LoopbackFaultProxy(listener, target);
        proxy._acceptLoop = Task.Run(proxy.AcceptLoopAsync);
        return Task.FromResult(proxy);
    }

    /// <summary>Aborts every live connection now and resets new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        // Set first: a connection registered after this line sees the flag and aborts itself.
        _cut = true;
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    /// <summary>New connections are forwarded again. Connections aborted by <see cref="Cut"/> stay closed.</summary>
    public void Restore() => _cut = false;

    /// <summary>Delays each forwarded chunk, in both directions, by <paramref name="latency"/> (zero for none).</summary>
    public void SetLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        Interlocked.Exchange(ref _latencyTicks, latency.Ticks);
    }

    /// <summary>Closes the port, aborts every connection and waits for every task the proxy started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
        await IgnoringFailures(_acceptLoop);
        await Task.WhenAll(_connectionTasks.Keys.Select(IgnoringFailures));
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (_cut)
            {
                ProxiedConnection.Reset(client);
                continue;
            }
            var connection = new ProxiedConnection(client, _target.AddressFamily);
            _connections.TryAdd(connection, 0);
            var task = Task.Run(() => ForwardAsync(connection));
            _connectionTasks.TryAdd(task, 0);
            _ = task.ContinueWith(done => _connectionTasks.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ForwardAsync(ProxiedConnection connection)
    {
        try
        {
            // A Cut between accept and registration would have missed this connection; honour it here.
            if (_cut || _stopping.IsCancellationRequested)
            {
                connection.Abort();
                return;
            }
            try
            {
                await connection.Upstream.ConnectAsync(_target, _stopping.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client sees the target's refusal as a reset, the closest a TCP proxy can come to passing it on.
                connection.Abort();
                return;
            }
            if (_cut)
            {
                connection.Abort();
                return;
            }
            await Task.WhenAll(
                PumpAsync(connection, connection.Client, connection.Upstream),
                PumpAsync(connection, connection.Upstream, connection.Client));
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    /// <summary>Copies one direction until end of stream (passed on as a half-close) or a fault (which aborts both).</summary>
    private async Task PumpAsync(ProxiedConnection connection, Socket from, Socket to)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                var latency = Interlocked.Read(ref _latencyTicks);
                if (latency > 0)
                {
                    await Task.Delay(TimeSpan.FromTicks(latency), _stopping.Token);
                }
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stopping.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Abort();
        }
    }

    private static async Task IgnoringFailures(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopping is the point; how each task noticed does not matter.
        }
    }

    /// <summary>One client connection and the connection to the target opened for it.</summary>
    private sealed class ProxiedConnection(Socket client, AddressFamily targetFamily) : IDisposable
    {
        private int _aborted;

        public Socket Client { get; } = client;
        public Socket Upstream { get; } = new(targetFamily, SocketType.Stream, ProtocolType.Tcp);

        /// <summary>Closes with a zero linger, so the peer gets a reset rather than an orderly end of stream.</summary>
        public static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed: nothing left to reset.
            }
            socket.Dispose();
        }

        public void Abort()
        {
            if (Interlocked.Exchange(ref _aborted, 1) == 0)
            {
                Reset(Client);
                Reset(Upstream);
            }
        }

        public void Dispose()
        {
            Client.Dispose();
            Upstream.Dispose();
        }
    }
}
