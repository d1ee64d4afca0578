using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Coffer.Cli.Api;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class TlsTests : IDisposable
{
    private const string SealStatus = """{"type":"shamir","initialized":true,"sealed":false,"t":1,"n":1,"version":"1.0.0"}""";

    private readonly TempDirectory _directory = new("coffer-tls-");
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("Coffer Test CA");
    private readonly X509Certificate2 _otherCa = TestCertificates.CreateCa("Unrelated CA");

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task CaCertFlagTrustsTheServerCertificate()
    {
        using var serverCertificate = TestCertificates.CreateServer(_ca);
        await using var server = new TinyHttpsServer(serverCertificate, SealStatus);
        var caFile = TestCertificates.WritePem(_ca, _directory.Path, "ca.pem");

        var result = await CliRun.RunAsync(["status", "-address=" + server.Address, "-ca-cert=" + caFile]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Sealed          false", result.Stdout);
    }

    [Fact]
    public async Task CaCertFromVaultVariableIsUsed()
    {
        using var serverCertificate = TestCertificates.CreateServer(_ca);
        await using var server = new TinyHttpsServer(serverCertificate, SealStatus);
        var caFile = TestCertificates.WritePem(_ca, _directory.Path, "ca.pem");

        var result = await CliRun.RunAsync(
            ["status"],
            new Dictionary<string, string> { ["VAULT_ADDR"] = server.Address, ["VAULT_CACERT"] = caFile });

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task WrongCaIsRejected()
    {
        using var serverCertificate = TestCertificates.CreateServer(_ca);
        await using var server = new TinyHttpsServer(serverCertificate, SealStatus);
        var otherFile = TestCertificates.WritePem(_otherCa, _directory.Path, "other.pem");

        var result = await CliRun.RunAsync(["status", "-address=" + server.Address, "-ca-cert=" + otherFile]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error checking seal status: Get \"https://localhost:", result.Stderr);
    }

    [Fact]
    public async Task SkipVerifyAcceptsAnUntrustedServer()
    {
        using var serverCertificate = TestCertificates.CreateServer(_ca);
        await using var server = new TinyHttpsServer(serverCertificate, SealStatus);

        var rejected = await CliRun.RunAsync(["status", "-address=" + server.Address]);
        var skipped = await CliRun.RunAsync(["status", "-address=" + server.Address, "-tls-skip-verify"]);
        var skippedByVariable = await CliRun.RunAsync(
            ["status", "-address=" + server.Address],
            new Dictionary<string, string> { ["COFFER_SKIP_VERIFY"] = "true" });

        Assert.Equal(1, rejected.ExitCode);
        Assert.Equal(0, skipped.ExitCode);
        Assert.Equal(0, skippedByVariable.ExitCode);
    }

    [Fact]
    public void NameMismatchIsRejectedEvenWithTheRightCa()
    {
        using var serverCertificate = TestCertificates.CreateServer(_ca);

        Assert.True(CertificateTrust.IsTrusted(serverCertificate, null, SslPolicyErrors.RemoteCertificateChainErrors, [_ca]));
        Assert.False(CertificateTrust.IsTrusted(serverCertificate, null, SslPolicyErrors.RemoteCertificateNameMismatch, [_ca]));
        Assert.False(CertificateTrust.IsTrusted(serverCertificate, null, SslPolicyErrors.RemoteCertificateChainErrors, [_otherCa]));
    }

    [Fact]
    public async Task UnreadableCaFileIsAClientError()
    {
        var result = await CliRun.RunAsync(["read", "-address=https://localhost:1", "-ca-cert=" + _directory.PathOf("absent.pem"), "x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error loading CA file", result.Stderr);
    }
}
