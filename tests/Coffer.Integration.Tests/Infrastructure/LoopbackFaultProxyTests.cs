using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Coffer.Integration.Tests.Infrastructure;

public sealed class LoopbackFaultProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly EchoServer _echo = new();
    private LoopbackFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await LoopbackFaultProxy.StartAsync(_echo.EndPoint);

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _echo.DisposeAsync();
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _proxy.Port);
        return client;
    }

    private static async Task<byte[]> RoundTripAsync(TcpClient client, byte[] data)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var stream = client.GetStream();
        var writing = stream.WriteAsync(data, timeout.Token).AsTask();
        var received = new byte[data.Length];
        await stream.ReadExactlyAsync(received, timeout.Token);
        await writing;
        return received;
    }

    /// <summary>True once the connection has ended (end of stream or reset) within <see cref="Patience"/>.</summary>
    private static async Task<bool> EndsAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 1 }, timeout.Token);
            // Anything echoed back means the link still works; a cut link yields end of stream or a reset.
            var read = await stream.ReadAsync(new byte[16], timeout.Token);
            return read == 0;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
        catch (InvalidOperationException) when (!client.Connected)
        {
            // A reset seen earlier already marked the client disconnected.
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when a new connection through the proxy cannot carry data: the reset arrives either during the connect
    /// (the proxy accepted and reset at once) or on the first read.
    /// </summary>
    private static async Task<bool> RefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
        }
        catch (SocketException)
        {
            return true;
        }
        return await EndsAsync(client);
    }

    [Fact]
    public async Task Bytes_pass_unchanged_in_both_directions_on_several_connections()
    {
        Assert.Equal($"127.0.0.1:{_proxy.Port}", _proxy.Address);
        var payloads = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(256 * 1024)).ToArray();
        var clients = new List<TcpClient>();
        try
        {
            foreach (var _ in payloads)
            {
                clients.Add(await ConnectAsync());
            }
            var echoed = await Task.WhenAll(clients.Select((client, i) => RoundTripAsync(client, payloads[i])));
            for (var i = 0; i < payloads.Length; i++)
            {
                Assert.Equal(payloads[i], echoed[i]);
            }
            Assert.Equal(3, _proxy.LiveConnections);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task End_of_stream_is_passed_on_as_a_half_close()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("hello"u8.ToArray());
        client.Client.Shutdown(SocketShutdown.Send);
        using var timeout = new CancellationTokenSource(Patience);
        var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        Assert.Equal("hello"u8.ToArray(), received.ToArray());
    }

    [Fact]
    public async Task Cut_aborts_live_connections_on_both_sides_and_resets_new_ones_until_restored()
    {
        using var live = await ConnectAsync();
        Assert.Equal("x"u8.ToArray(), await RoundTripAsync(live, "x"u8.ToArray()));
        Assert.Equal(1, _echo.OpenConnections);

        _proxy.Cut();
        Assert.True(_proxy.IsCut);
        Assert.True(await EndsAsync(live));
        await WaitUntilAsync(() => _echo.OpenConnections == 0 && _proxy.LiveConnections == 0);

        var acceptedBefore = _echo.AcceptedConnections;
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await RefusedAsync(_proxy.Port));
        }
        Assert.Equal(acceptedBefore, _echo.AcceptedConnections);

        _proxy.Restore();
        Assert.False(_proxy.IsCut);
        using var again = await ConnectAsync();
        Assert.Equal("back"u8.ToArray(), await RoundTripAsync(again, "back"u8.ToArray()));
        Assert.True(await EndsAsync(live));
    }

    [Fact]
    public async Task Latency_delays_each_forwarded_chunk()
    {
        using var client = await ConnectAsync();
        _proxy.SetLatency(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        Assert.Equal("slow"u8.ToArray(), await RoundTripAsync(client, "slow"u8.ToArray()));
        // Delayed on the way there and on the way back; only the lower bound is certain on a busy machine.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(550), $"round trip took {watch.Elapsed}");
        Assert.Throws<ArgumentOutOfRangeException>(() => _proxy.SetLatency(TimeSpan.FromSeconds(-1)));
        _proxy.SetLatency(TimeSpan.Zero);
        Assert.Equal("fast"u8.ToArray(), await RoundTripAsync(client, "fast"u8.ToArray()));
    }

    [Fact]
    public async Task A_target_that_refuses_shows_as_a_reset()
    {
        var closedPort = CofferProcess.FreePort();
        await using var proxy = await LoopbackFaultProxy.StartAsync(new IPEndPoint(IPAddress.Loopback, closedPort));
        Assert.True(await RefusedAsync(proxy.Port));
    }

    [Fact]
    public async Task Dispose_closes_the_port_and_every_connection()
    {
        using var live = await ConnectAsync();
        Assert.Equal("x"u8.ToArray(), await RoundTripAsync(live, "x"u8.ToArray()));
        var port = _proxy.Port;

        await _proxy.DisposeAsync();

        Assert.True(await EndsAsync(live));
        await WaitUntilAsync(() => _echo.OpenConnections == 0);
        using var late = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await _proxy.DisposeAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }

    /// <summary>Echoes every byte back on each connection, counting connections accepted and still open.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stopping = new();
        private readonly ConcurrentBag<Task> _handlers = [];
        private readonly Task _acceptLoop;
        private int _accepted;
        private int _open;

        public EchoServer()
        {
            _listener.Start();
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _acceptLoop = Task.Run(AcceptAsync);
        }

        public IPEndPoint EndPoint { get; }
        public int AcceptedConnections => Volatile.Read(ref _accepted);
        public int OpenConnections => Volatile.Read(ref _open);

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stopping.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _open);
                _handlers.Add(Task.Run(() => EchoAsync(socket)));
            }
        }

        private async Task EchoAsync(Socket socket)
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
                }
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The proxy aborted the connection, which is what several tests do on purpose.
            }
            finally
            {
                socket.Dispose();
                Interlocked.Decrement(ref _open);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            _listener.Stop();
            await _acceptLoop;
            await Task.WhenAll(_handlers);
            _stopping.Dispose();
        }
    }
}
