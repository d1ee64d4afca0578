using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Access;

/// <summary>
/// One initialized, unsealed server (KV v1 at <c>secret/</c>) shared by the tests of a class. Tests on a shared
/// server use paths and names of their own so they can run in any order.
/// </summary>
public sealed class AccessServer : IAsyncLifetime
{
    private ServerFixture? _server;
    private VaultApi? _api;

    public ServerFixture Server => _server ?? throw new InvalidOperationException("server not started");
    public VaultApi Api => _api ?? throw new InvalidOperationException("server not started");
    public string RootToken => Server.RootToken!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        await _server.ReadyAsync();
        _api = new VaultApi(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
