using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coffer.Core.Barrier;
using Coffer.Core.Replication;
using Coffer.Core.Replication.Tls;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication.Tls;

public sealed class ReplicationCertificateAuthorityTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemPhysical _physical = new();
    private byte[]? _rootKey;

    private async Task<AesGcmBarrier> UnsealedBarrierAsync()
    {
        var barrier = new AesGcmBarrier(_physical, _clock);
        _rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(_rootKey);
        Assert.True(await barrier.UnsealAsync(_rootKey));
        return barrier;
    }

    [Fact]
    public async Task Create_makes_a_self_signed_p521_ca_and_a_server_certificate_naming_the_cluster_host()
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, ["node-a.example"]);

        Assert.Equal(ca.Certificate.SubjectName.RawData, ca.Certificate.IssuerName.RawData);
        Assert.False(ca.Certificate.HasPrivateKey);
        Assert.Equal(521, ca.Certificate.GetECDsaPublicKey()!.KeySize);
        Assert.True(ca.Certificate.NotAfter.ToUniversalTime() > _clock.UtcNow.AddYears(5).UtcDateTime);
        Assert.True(ca.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

        Assert.True(ca.ServerCertificate.HasPrivateKey);
        Assert.Equal(ca.Certificate.SubjectName.RawData, ca.ServerCertificate.IssuerName.RawData);
        Assert.True(ca.ServerCertificate.MatchesHostname("node-a.example"));
        Assert.True(ca.ServerCertificate.MatchesHostname("localhost"));
        Assert.True(ca.ServerCertificate.MatchesHostname("127.0.0.1"));
        Assert.False(ca.ServerCertificate.MatchesHostname("other.example"));
    }

    [Fact]
    public async Task All_material_is_stored_through_the_barrier_as_class_local()
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));

        var classifier = new KeyClassifier(_ => false);
        var keys = (await barrier.ListRecursiveAsync(ReplicationTlsPaths.Root)).Select(k => ReplicationTlsPaths.Root + k).ToList();
        Assert.Equal(
            new[] { ReplicationTlsPaths.Authority, ReplicationTlsPaths.ServerCertificate, ReplicationTlsPaths.Secondary("perf-west") }.Order(),
            keys.Order());
        Assert.All(keys, key => Assert.Equal(KeyClass.Local, classifier.Classify(key)));

        // What reaches the physical backend is ciphertext: no PEM text of any key or certificate.
        foreach (var key in keys)
        {
            var raw = await _physical.GetAsync(key);
            Assert.NotNull(raw);
            Assert.DoesNotContain("BEGIN", Encoding.ASCII.GetString(raw));
        }
    }

    [Fact]
    public async Task Loading_after_restart_returns_the_same_ca_server_certificate_and_records()
    {
        var barrier = await UnsealedBarrierAsync();
        var created = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        var issued = await created.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(30));
        await created.IssueClientCertificateAsync("dr-2", TimeSpan.FromDays(30));
        await created.RevokeAsync("dr-2");

        var restarted = await UnsealedBarrierAsyncOnSameStorage();
        var loaded = await ReplicationCertificateAuthority.LoadAsync(restarted, _clock);

        Assert.NotNull(loaded);
        Assert.Equal(created.Certificate.RawData, loaded.Certificate.RawData);
        Assert.Equal(created.ServerCertificate.RawData, loaded.ServerCertificate.RawData);
        Assert.False(loaded.FindSecondary("dr-1")!.IsRevoked);
        Assert.True(loaded.FindSecondary("dr-2")!.IsRevoked);
        // The loaded CA key still signs: a certificate it issues chains to the original CA, and the old one is still accepted.
        var next = await loaded.IssueClientCertificateAsync("dr-3", TimeSpan.FromDays(30));
        using var nextCertificate = next.ToCertificate();
        using var oldCertificate = issued.ToCertificate();
        Assert.True(loaded.CreateValidator().Validate(nextCertificate).Accepted);
        Assert.True(loaded.CreateValidator().Validate(oldCertificate).Accepted);
    }

    private async Task<AesGcmBarrier> UnsealedBarrierAsyncOnSameStorage()
    {
        // A fresh barrier over the same physical storage, unsealed with the same root key: what a restart does.
        var barrier = new AesGcmBarrier(_physical, _clock);
        Assert.True(barrier.IsSealed);
        Assert.True(await barrier.UnsealAsync(_rootKey!));
        return barrier;
    }

    [Fact]
    public async Task Load_returns_null_when_no_ca_was_created()
    {
        var barrier = await UnsealedBarrierAsync();
        Assert.Null(await ReplicationCertificateAuthority.LoadAsync(barrier, _clock));
    }

    [Fact]
    public async Task Issued_certificate_is_bound_to_the_secondary_id_and_expires()
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        var issued = await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));
        using var certificate = issued.ToCertificate();

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("perf-west", certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal("perf-west", SecondaryCertificateIdentity.Read(certificate));
        Assert.Equal(ca.CertificatePem, issued.CaCertificatePem);
        Assert.InRange(certificate.NotAfter.ToUniversalTime(), _clock.UtcNow.AddDays(29).UtcDateTime, _clock.UtcNow.AddDays(31).UtcDateTime);
        var record = ca.FindSecondary("perf-west")!;
        Assert.Equal(certificate.SerialNumber, record.SerialNumber);
        Assert.False(record.IsRevoked);
    }

    [Fact]
    public async Task An_active_id_cannot_be_issued_twice_but_a_revoked_one_can_and_only_the_new_certificate_counts()
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        var first = await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));
        await Assert.ThrowsAsync<CofferError>(() => ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30)));

        Assert.True(await ca.RevokeAsync("perf-west"));
        var second = await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));
        using var firstCertificate = first.ToCertificate();
        using var secondCertificate = second.ToCertificate();
        Assert.False(ca.CreateValidator().Validate(firstCertificate).Accepted);
        Assert.True(ca.CreateValidator().Validate(secondCertificate).Accepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../core/keyring")]
    [InlineData("a/b")]
    [InlineData("id with space")]
    public async Task Ids_unfit_for_a_storage_path_are_refused_and_nothing_is_written(string id)
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        await Assert.ThrowsAsync<CofferError>(() => ca.IssueClientCertificateAsync(id, TimeSpan.FromDays(1)));
        Assert.Empty(await barrier.ListAsync(ReplicationTlsPaths.Secondaries));
    }

    [Fact]
    public async Task Revoke_is_persisted_and_unknown_ids_report_false()
    {
        var barrier = await UnsealedBarrierAsync();
        var ca = await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
        await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(30));

        Assert.False(await ca.RevokeAsync("never-issued"));
        Assert.True(await ca.RevokeAsync("dr-1"));

        var stored = SecondaryCertificateRecord.Deserialize((await barrier.GetAsync(ReplicationTlsPaths.Secondary("dr-1")))!);
        Assert.True(stored.IsRevoked);
        Assert.Null(await barrier.GetAsync(ReplicationTlsPaths.Secondary("never-issued")));
    }
}
