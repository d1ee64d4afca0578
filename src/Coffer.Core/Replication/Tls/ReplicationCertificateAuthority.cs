using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// This primary's own replication CA (spec/replication.md §7.2): a self-signed ECDSA P-521 root that signs the
/// cluster port's server certificate and one client certificate per secondary. The CA key, the server key and
/// the secondary records are stored through the barrier below <c>core/local/</c>, so they never leave the cluster.
/// </summary>
public sealed class ReplicationCertificateAuthority : IDisposable
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan DefaultClientLifetime = TimeSpan.FromDays(3650);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    // Certificates are back-dated a little so a peer whose clock runs slightly behind still accepts them.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    private readonly ISecureStorage _storage;
    private readonly IClock _clock;
    private readonly ECDsa _authorityKey;
    private readonly ConcurrentDictionary<string, SecondaryCertificateRecord> _secondaries;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Client certificates whose chain to this CA was built once (see ClientCertificateValidator); only certificates
    // this CA signed get here, so it holds at most one entry per certificate issued.
    private readonly ConcurrentDictionary<string, bool> _builtChains = new(StringComparer.Ordinal);

    private ReplicationCertificateAuthority(ISecureStorage storage, IClock clock, X509Certificate2 authority, ECDsa authorityKey,
        X509Certificate2 server, IEnumerable<SecondaryCertificateRecord> secondaries)
    {
        _storage = storage;
        _clock = clock;
        Certificate = authority;
        _authorityKey = authorityKey;
        ServerCertificate = server;
        _secondaries = new ConcurrentDictionary<string, SecondaryCertificateRecord>(secondaries.Select(r => KeyValuePair.Create(r.SecondaryId, r)),
            StringComparer.Ordinal);
    }

    /// <summary>The CA certificate (public part only): the one trust root of the cluster port.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>The cluster port's server certificate, with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public IReadOnlyCollection<SecondaryCertificateRecord> Secondaries => _secondaries.Values.ToList();

    public SecondaryCertificateRecord? FindSecondary(string secondaryId) => _secondaries.GetValueOrDefault(secondaryId);

    /// <summary>A validator that sees this CA's current secondary records, revocations included.</summary>
    public ClientCertificateValidator CreateValidator() => new(Certificate, FindSecondary, _clock, _builtChains);

    /// <summary>Creates a new CA and server certificate and persists them; the server certificate names <paramref name="serverHosts"/>.</summary>
    public static async Task<ReplicationCertificateAuthority> CreateAsync(ISecureStorage storage, IClock clock, IEnumerable<string> serverHosts,
        CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var authorityRequest = new CertificateRequest(new X500DistinguishedName($"CN=coffer-replication-ca-{Guid.NewGuid():N}"), authorityKey,
            HashAlgorithmName.SHA512);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(now - ClockSkewAllowance, now + AuthorityLifetime);
        var authorityPem = authorityWithKey.ExportCertificatePem();
        var authorityKeyPem = authorityKey.ExportPkcs8PrivateKeyPem();

        var serverNames = new SubjectAlternativeNameBuilder();
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1" };
        hosts.UnionWith(serverHosts.Where(h => !string.IsNullOrWhiteSpace(h)));
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                serverNames.AddIpAddress(ip);
            }
            else
            {
                serverNames.AddDnsName(host);
            }
        }
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var serverRequest = new CertificateRequest(new X500DistinguishedName("CN=coffer-cluster"), serverKey, HashAlgorithmName.SHA512);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        serverRequest.CertificateExtensions.Add(serverNames.Build());
        using var serverPublic = serverRequest.Create(authorityWithKey, now - ClockSkewAllowance, now + AuthorityLifetime, NewSerial());
        var serverPem = serverPublic.ExportCertificatePem();
        var serverKeyPem = serverKey.ExportPkcs8PrivateKeyPem();

        // Both entries in one batch: a crash leaves either a complete CA or none.
        await storage.CommitAsync(
        [
            SecureOperation.Put(ReplicationTlsPaths.Authority, SerializePair(authorityPem, authorityKeyPem)),
            SecureOperation.Put(ReplicationTlsPaths.ServerCertificate, SerializePair(serverPem, serverKeyPem)),
        ], cancellationToken);
        return FromPem(storage, clock, authorityPem, authorityKeyPem, serverPem, serverKeyPem, []);
    }

    /// <summary>The CA stored by an earlier <see cref="CreateAsync"/>, or null when this cluster has none.</summary>
    public static async Task<ReplicationCertificateAuthority?> LoadAsync(ISecureStorage storage, IClock clock, CancellationToken cancellationToken = default)
    {
        var authority = await storage.GetAsync(ReplicationTlsPaths.Authority, cancellationToken);
        var server = await storage.GetAsync(ReplicationTlsPaths.ServerCertificate, cancellationToken);
        if (authority is null || server is null)
        {
            return null;
        }
        var records = new List<SecondaryCertificateRecord>();
        foreach (var id in await storage.ListAsync(ReplicationTlsPaths.Secondaries, cancellationToken))
        {
            var stored = await storage.GetAsync(ReplicationTlsPaths.Secondary(id), cancellationToken);
            if (stored is not null)
            {
                records.Add(SecondaryCertificateRecord.Deserialize(stored));
            }
        }
        var (authorityPem, authorityKeyPem) = DeserializePair(authority);
        var (serverPem, serverKeyPem) = DeserializePair(server);
        return FromPem(storage, clock, authorityPem, authorityKeyPem, serverPem, serverKeyPem, records);
    }

    /// <summary>Issues a client certificate bound to <paramref name="secondaryId"/>, valid for <paramref name="lifetime"/> from now.</summary>
    public Task<IssuedClientCertificate> IssueClientCertificateAsync(string secondaryId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        return IssueClientCertificateAsync(secondaryId, now - ClockSkewAllowance, now + lifetime, cancellationToken);
    }

    /// <summary>
    /// Issues a client certificate for an explicit validity window. An id already holding an unrevoked certificate is
    /// refused, so two clusters can never answer to the same id; a revoked id may be issued again, and only the new
    /// certificate is then accepted.
    /// </summary>
    public async Task<IssuedClientCertificate> IssueClientCertificateAsync(string secondaryId, DateTimeOffset notBefore, DateTimeOffset notAfter,
        CancellationToken cancellationToken = default)
    {
        if (!SecondaryCertificateIdentity.IsValidId(secondaryId))
        {
            throw CofferError.BadRequest("invalid secondary id: use letters, digits, '.', '_' or '-' (at most 128)");
        }
        if (notAfter <= notBefore)
        {
            throw CofferError.BadRequest("the certificate would expire before it becomes valid");
        }
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_secondaries.TryGetValue(secondaryId, out var existing) && !existing.IsRevoked)
            {
                throw CofferError.BadRequest($"a secondary with id \"{secondaryId}\" already exists; revoke it first");
            }
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
            var request = new CertificateRequest(new X500DistinguishedName($"CN={secondaryId}"), key, HashAlgorithmName.SHA512);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddUri(SecondaryCertificateIdentity.UriFor(secondaryId));
            request.CertificateExtensions.Add(names.Build());
            var serial = NewSerial();
            using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_authorityKey),
                notBefore, notAfter, serial);
            var record = new SecondaryCertificateRecord(secondaryId, certificate.SerialNumber, _clock.UtcNow, notAfter, null);
            await _storage.PutAsync(ReplicationTlsPaths.Secondary(secondaryId), record.Serialize(), cancellationToken);
            _secondaries[secondaryId] = record;
            return new IssuedClientCertificate(secondaryId, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), CertificatePem);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Revokes a secondary's certificate; persisted before it takes effect. False when the id was never issued.</summary>
    public async Task<bool> RevokeAsync(string secondaryId, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_secondaries.TryGetValue(secondaryId, out var record))
            {
                return false;
            }
            if (record.IsRevoked)
            {
                return true;
            }
            var revoked = record with { RevokedAt = _clock.UtcNow };
            await _storage.PutAsync(ReplicationTlsPaths.Secondary(secondaryId), revoked.Serialize(), cancellationToken);
            _secondaries[secondaryId] = revoked;
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Drops the private keys held in memory (at seal: sealed means no key material in memory).</summary>
    public void Dispose()
    {
        _authorityKey.Dispose();
        ServerCertificate.Dispose();
    }

    private static ReplicationCertificateAuthority FromPem(ISecureStorage storage, IClock clock, string authorityPem, string authorityKeyPem,
        string serverPem, string serverKeyPem, IEnumerable<SecondaryCertificateRecord> records)
    {
        var authority = X509Certificate2.CreateFromPem(authorityPem);
        var authorityKey = ECDsa.Create();
        authorityKey.ImportFromPem(authorityKeyPem);
        var server = X509Certificate2.CreateFromPem(serverPem, serverKeyPem);
        return new ReplicationCertificateAuthority(storage, clock, authority, authorityKey, server, records);
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive DER integer
        serial[0] |= 0x01; // and never shortened by a leading zero
        return serial;
    }

    private static byte[] SerializePair(string certificatePem, string keyPem) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["certificate"] = certificatePem, ["private_key"] = keyPem });

    private static (string Certificate, string Key) DeserializePair(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        return (json["certificate"]!.GetValue<string>(), json["private_key"]!.GetValue<string>());
    }
}
