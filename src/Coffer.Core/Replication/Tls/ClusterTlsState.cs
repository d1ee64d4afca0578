using Coffer.Core.Barrier;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// The replication CA as the running core sees it: loaded at unseal when storage holds one, created when a
/// replication role is enabled, and dropped at seal (so the cluster port refuses handshakes while sealed).
/// Listeners register to hear when a CA becomes available, because the cluster port only opens then.
/// </summary>
public sealed class ClusterTlsState(ISecureStorage storage, IClock clock)
{
    private readonly List<Func<ReplicationCertificateAuthority, CancellationToken, Task>> _onAvailable = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private ReplicationCertificateAuthority? _authority;

    /// <summary>The CA of this cluster, or null while sealed or before any replication role was enabled.</summary>
    public ReplicationCertificateAuthority? Authority => Volatile.Read(ref _authority);

    /// <summary>Runs <paramref name="callback"/> each time a CA is loaded or created. Callbacks must not throw.</summary>
    public void OnAuthorityAvailable(Func<ReplicationCertificateAuthority, CancellationToken, Task> callback)
    {
        lock (_onAvailable)
        {
            _onAvailable.Add(callback);
        }
    }

    /// <summary>Loads the stored CA after unseal; nothing happens when this cluster never enabled replication.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var loaded = await ReplicationCertificateAuthority.LoadAsync(storage, clock, cancellationToken);
        if (loaded is not null)
        {
            await PublishAsync(loaded, cancellationToken);
        }
    }

    /// <summary>Returns this cluster's CA, creating and persisting one first when there is none.</summary>
    public async Task<ReplicationCertificateAuthority> EnableAsync(IEnumerable<string> serverHosts, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        ReplicationCertificateAuthority authority;
        try
        {
            if (Authority is { } current)
            {
                return current;
            }
            authority = await ReplicationCertificateAuthority.LoadAsync(storage, clock, cancellationToken)
                        ?? await ReplicationCertificateAuthority.CreateAsync(storage, clock, serverHosts, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
        await PublishAsync(authority, cancellationToken);
        return authority;
    }

    /// <summary>Forgets the CA and destroys its in-memory keys; the stored copy stays for the next unseal.</summary>
    public void Unload() => Interlocked.Exchange(ref _authority, null)?.Dispose();

    private async Task PublishAsync(ReplicationCertificateAuthority authority, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _authority, authority);
        Func<ReplicationCertificateAuthority, CancellationToken, Task>[] callbacks;
        lock (_onAvailable)
        {
            callbacks = [.. _onAvailable];
        }
        foreach (var callback in callbacks)
        {
            await callback(authority, cancellationToken);
        }
    }
}
