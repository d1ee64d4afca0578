using System.Collections.Concurrent;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Takes a kv mount from version 1 to version 2 (spec §6.6), as Vault does after <c>options.version=2</c> is tuned:
/// the mount is marked pending in the table, answers every request with the upgrade 400, and a background task
/// rewrites its data and clears the mark in one batch. A pending mark found when the mount table loads (a crash or a
/// seal mid-way) starts the rewrite again; the version 1 data is untouched until that batch commits.
/// </summary>
public sealed class KvVersionUpgrader(CofferCore core)
{
    // One rewrite at a time per node: a rewrite restarted by an unseal must not race one still finishing.
    private readonly SemaphoreSlim _rewriteLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Task> _running = new();

    /// <summary>
    /// Stores <paramref name="tuned"/> (already at version 2, with any other tuned settings) as pending and starts the
    /// rewrite. Requests in flight on the version 1 engine finish first; new ones get the upgrade error.
    /// </summary>
    public async Task BeginAsync(MountEntry tuned, CancellationToken cancellationToken = default)
    {
        var v1 = core.Backends.Find(tuned.Uuid) as KvV1Backend;
        if (v1 is not null)
        {
            await v1.CloseForUpgradeAsync();
        }
        MountEntry? pending;
        try
        {
            pending = await core.Mounts.UpdateAsync(tuned.Uuid, current => tuned with { Path = current.Path, KvUpgradePending = true },
                [], cancellationToken);
        }
        catch
        {
            v1?.Reopen();
            throw;
        }
        if (pending is null)
        {
            v1?.Reopen();
            throw CofferError.BadRequest($"No secret engine mount at {tuned.Path}");
        }
        core.Backends.Add(pending, new KvUpgradingBackend());
        Start(pending.Uuid);
    }

    /// <summary>Starts the rewrite of every mount the loaded table still marks pending.</summary>
    public void ResumePending()
    {
        foreach (var entry in core.Mounts.Entries.Where(e => e.KvUpgradePending))
        {
            Start(entry.Uuid);
        }
    }

    /// <summary>The rewrite under way for a mount, or a completed task when there is none (tests wait on it).</summary>
    public Task WhenDoneAsync(string uuid) => _running.TryGetValue(uuid, out var task) ? task : Task.CompletedTask;

    private void Start(string uuid)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await RewriteAsync(uuid);
            }
            catch (Exception) when (core.IsSealed)
            {
                // Sealed mid-way: the mark is still in the table and the next unseal runs the rewrite again.
            }
        });
        _running[uuid] = task;
    }

    /// <summary>The rewrite itself, callable directly so a test can stop between the mark and the rewrite.</summary>
    internal async Task RewriteAsync(string uuid, CancellationToken cancellationToken = default)
    {
        await _rewriteLock.WaitAsync(cancellationToken);
        try
        {
            var entry = core.Mounts.FindByUuid(uuid);
            if (entry is not { KvUpgradePending: true })
            {
                return;
            }
            var batch = await KvV1ToV2Migration.BuildAsync(new StorageView(core.Barrier, entry.StoragePrefix), entry.StoragePrefix,
                core.Clock.UtcNow, cancellationToken);
            // The mark is checked again under the table lock: the mount may have been disabled while the keys were read.
            var done = await core.Mounts.UpdateAsync(uuid, current => current.KvUpgradePending ? current with { KvUpgradePending = false } : null,
                batch, cancellationToken);
            if (done is not null)
            {
                core.Backends.Add(done, core.Backends.Create(done));
            }
        }
        finally
        {
            _rewriteLock.Release();
        }
    }
}
