using Coffer.Core.Replication.Tls;
using Coffer.Core.Storage;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Replication.Tls;

public sealed class ClusterTlsStateTests
{
    [Fact]
    public async Task A_core_has_no_ca_until_cluster_tls_is_enabled_and_keeps_it_across_seal_and_unseal()
    {
        var harness = await CoreHarness.StartAsync();
        var core = harness.Core;
        Assert.Null(core.ClusterTls.Authority);

        var seen = new List<ReplicationCertificateAuthority>();
        core.ClusterTls.OnAuthorityAvailable((authority, _) => { seen.Add(authority); return Task.CompletedTask; });
        var enabled = await core.EnableClusterTlsAsync();
        Assert.Same(enabled, core.ClusterTls.Authority);
        Assert.Same(enabled, await core.EnableClusterTlsAsync()); // idempotent: no second CA
        Assert.Single(seen);

        await core.SealAsync(harness.RootToken);
        Assert.Null(core.ClusterTls.Authority);
        // The sealed node keeps no usable CA key: the object handed out before the seal can no longer sign.
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => enabled.IssueClientCertificateAsync("after-seal", TimeSpan.FromDays(1)));
        await Assert.ThrowsAsync<CofferError>(() => core.EnableClusterTlsAsync());

        await core.SubmitUnsealKeyAsync(harness.Keys[0]);
        var reloaded = core.ClusterTls.Authority;
        Assert.NotNull(reloaded);
        Assert.Equal(enabled.Certificate.RawData, reloaded.Certificate.RawData);
        Assert.Null(reloaded.FindSecondary("after-seal"));
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task The_server_certificate_names_the_host_of_the_cluster_address()
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions { ClusterAddress = "https://node-7.internal:8201" }, SystemClock.Instance);
        var init = await core.InitializeAsync(1, 1);
        await core.SubmitUnsealKeyAsync(init.Keys[0]);

        var authority = await core.EnableClusterTlsAsync();

        Assert.True(authority.ServerCertificate.MatchesHostname("node-7.internal"));
        await core.DisposeAsync();
    }
}
