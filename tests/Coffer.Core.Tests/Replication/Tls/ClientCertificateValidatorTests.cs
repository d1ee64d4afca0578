using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core.Barrier;
using Coffer.Core.Replication.Tls;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication.Tls;

public sealed class ClientCertificateValidatorTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    private async Task<ReplicationCertificateAuthority> NewAuthorityAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), _clock);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        await barrier.UnsealAsync(rootKey);
        return await ReplicationCertificateAuthority.CreateAsync(barrier, _clock, []);
    }

    [Fact]
    public async Task A_live_secondary_certificate_is_accepted_with_its_id()
    {
        var ca = await NewAuthorityAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30))).ToCertificate();

        var verdict = ca.CreateValidator().Validate(certificate);

        Assert.True(verdict.Accepted, verdict.RefusalReason);
        Assert.Equal("perf-west", verdict.SecondaryId);
    }

    [Fact]
    public async Task A_certificate_accepted_before_is_still_refused_once_revoked_or_expired()
    {
        var ca = await NewAuthorityAsync();
        using var west = (await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30))).ToCertificate();
        using var east = (await ca.IssueClientCertificateAsync("perf-east", TimeSpan.FromDays(30))).ToCertificate();
        Assert.True(ca.CreateValidator().Validate(west).Accepted);
        Assert.True(ca.CreateValidator().Validate(east).Accepted);

        await ca.RevokeAsync("perf-west");
        var revoked = ca.CreateValidator().Validate(west);
        Assert.False(revoked.Accepted);
        Assert.Contains("revoked", revoked.RefusalReason);

        _clock.Advance(TimeSpan.FromDays(31));
        var expired = ca.CreateValidator().Validate(east);
        Assert.False(expired.Accepted);
        Assert.Contains("not valid at this time", expired.RefusalReason);
    }

    [Fact]
    public async Task A_certificate_from_another_replication_ca_is_refused_even_for_an_issued_id()
    {
        var ours = await NewAuthorityAsync();
        var theirs = await NewAuthorityAsync();
        await ours.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));
        using var foreign = (await theirs.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30))).ToCertificate();

        var verdict = ours.CreateValidator().Validate(foreign);

        Assert.False(verdict.Accepted);
        Assert.Contains("does not chain", verdict.RefusalReason);
    }

    [Fact]
    public async Task A_self_signed_certificate_copying_the_ca_subject_and_the_id_is_refused()
    {
        var ca = await NewAuthorityAsync();
        await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(30));
        using var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var impostorRoot = new CertificateRequest(ca.Certificate.SubjectName, impostorKey, HashAlgorithmName.SHA256);
        impostorRoot.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = impostorRoot.CreateSelfSigned(_clock.UtcNow.AddDays(-1), _clock.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=perf-west", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(SecondaryCertificateIdentity.UriFor("perf-west"));
        leafRequest.CertificateExtensions.Add(names.Build());
        using var leaf = leafRequest.Create(root, _clock.UtcNow.AddDays(-1), _clock.UtcNow.AddDays(29), [1, 2, 3]);

        Assert.False(ca.CreateValidator().Validate(leaf).Accepted);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        var ca = await NewAuthorityAsync();
        var now = _clock.UtcNow;
        using var expired = (await ca.IssueClientCertificateAsync("dr-old", now.AddDays(-30), now.AddDays(-1))).ToCertificate();

        var verdict = ca.CreateValidator().Validate(expired);

        Assert.False(verdict.Accepted);
        Assert.Contains("NotTimeValid", verdict.RefusalReason);
    }

    [Fact]
    public async Task A_certificate_becomes_refused_when_the_clock_passes_its_expiry()
    {
        var ca = await NewAuthorityAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(2))).ToCertificate();
        var validator = ca.CreateValidator();
        Assert.True(validator.Validate(certificate).Accepted);

        _clock.Advance(TimeSpan.FromDays(3));

        Assert.False(validator.Validate(certificate).Accepted);
    }

    [Fact]
    public async Task A_revoked_secondary_is_refused_by_a_validator_created_before_the_revocation()
    {
        var ca = await NewAuthorityAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(30))).ToCertificate();
        var validator = ca.CreateValidator();
        Assert.True(validator.Validate(certificate).Accepted);

        await ca.RevokeAsync("dr-1");

        var verdict = validator.Validate(certificate);
        Assert.False(verdict.Accepted);
        Assert.Contains("revoked", verdict.RefusalReason);
    }

    [Fact]
    public async Task An_id_this_primary_has_no_record_of_is_refused()
    {
        var ca = await NewAuthorityAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(30))).ToCertificate();

        var verdict = new ClientCertificateValidator(ca.Certificate, _ => null, _clock).Validate(certificate);

        Assert.False(verdict.Accepted);
        Assert.Contains("unknown", verdict.RefusalReason);
    }

    [Fact]
    public async Task The_server_certificate_and_a_missing_certificate_are_refused()
    {
        var ca = await NewAuthorityAsync();
        Assert.False(ca.CreateValidator().Validate(ca.ServerCertificate).Accepted);
        Assert.False(ca.CreateValidator().Validate(null).Accepted);
    }
}
