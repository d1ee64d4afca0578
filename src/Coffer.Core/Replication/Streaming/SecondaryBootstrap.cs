using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Seal;
using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Replaces a new DR secondary's storage with its primary's (spec/replication.md §4.2: enable "immediately wipes
/// all data"): pages of the primary's entries are applied as they arrive, then one final batch installs the
/// primary's keyring and seal configuration, deletes whatever the primary does not have and records the WAL
/// position the snapshot corresponds to. Only after that batch does the barrier switch to the primary's keyring,
/// so this cluster's own Local state (encrypted under the old one until then) is written afresh by the caller.
/// </summary>
public static class SecondaryBootstrap
{
    /// <summary>Entries that decide who can open the data: installed last, in the batch that completes the copy.</summary>
    private static readonly HashSet<string> KeyMaterial = new(StringComparer.Ordinal) { AesGcmBarrier.KeyringPath, SealConfig.StoragePath };

    /// <summary>
    /// Connects and reads the snapshot's header: a primary that cannot be reached or refuses the activation token
    /// fails here, before this cluster has changed anything.
    /// </summary>
    public static async Task<Session> BeginAsync(IReplicationUpstream upstream, string activationToken, CancellationToken cancellationToken)
    {
        var stream = await upstream.OpenBootstrapAsync(activationToken, cancellationToken);
        try
        {
            var reader = new ReplicationFrameReader(stream);
            var header = await reader.ReadAsync(cancellationToken);
            if (header?.Type != ReplicationFrameType.BootstrapHeader)
            {
                throw new InvalidDataException("the primary's bootstrap did not start with a header");
            }
            return new Session(stream, reader, JsonNode.Parse(header.Payload.Span)!.AsObject());
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>An open bootstrap: the header is read, the entries follow.</summary>
    public sealed class Session(Stream stream, ReplicationFrameReader reader, JsonObject header) : IAsyncDisposable
    {
        /// <summary>
        /// Wipes and replaces this cluster's storage; from here on a failure leaves it without usable data.
        /// <paramref name="copyNote"/> is written in the batch that completes the copy.
        /// </summary>
        public Task<BootstrapResult> ApplyAsync(ReplicationLog log, AesGcmBarrier barrier, BootstrapCopyNote copyNote, CancellationToken cancellationToken) =>
            ApplyEntriesAsync(reader, header, log, barrier, copyNote, cancellationToken);

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }

    private static async Task<BootstrapResult> ApplyEntriesAsync(ReplicationFrameReader reader, JsonObject json, ReplicationLog log,
        AesGcmBarrier barrier, BootstrapCopyNote copyNote, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (key, _) in StorageScan.EntriesAsync(log, "", StorageScan.Past(KeyClassifier.ReplicationPrefix), cancellationToken))
        {
            existing.Add(key);
        }
        var rootKey = Convert.FromBase64String(json["root_key"]!.GetValue<string>());
        try
        {
            var resumeIndex = json["resume_index"]!.GetValue<ulong>();
            var historyId = json["history_id"]!.GetValue<string>();
            var held = new List<StorageOperation>();
            var received = new HashSet<string>(StringComparer.Ordinal);
            long entries = 0;
            while (true)
            {
                var frame = await reader.ReadAsync(cancellationToken)
                            ?? throw new InvalidDataException("the primary's bootstrap ended early");
                if (frame.Type == ReplicationFrameType.BootstrapEnd)
                {
                    break;
                }
                if (frame.Type != ReplicationFrameType.BootstrapEntries)
                {
                    throw new InvalidDataException($"unexpected frame {frame.Type} in a bootstrap");
                }
                var page = new List<StorageOperation>();
                foreach (var (key, value) in EntryPageCodec.Decode(frame.Payload.Span))
                {
                    if (value is null || log.Classifier.Classify(key) == KeyClass.Local)
                    {
                        continue;
                    }
                    received.Add(key);
                    (KeyMaterial.Contains(key) ? held : page).Add(StorageOperation.Put(key, value));
                }
                entries += page.Count;
                if (page.Count > 0)
                {
                    await log.ApplySyncAsync(page, 0, existing.Contains, cancellationToken: cancellationToken);
                }
            }
            if (held.Count != KeyMaterial.Count)
            {
                throw new InvalidDataException("the primary's bootstrap carried no keyring");
            }
            var final = new List<StorageOperation>(held);
            final.AddRange(existing.Where(k => !received.Contains(k) && log.Classifier.Classify(k) != KeyClass.Local).Select(StorageOperation.Delete));
            // Local state sealed under the old keyring cannot be read after the switch: it goes in the same batch, so a
            // restart finds either the old keyring with its state (and the pending bootstrap) or neither, and then the note.
            var localChanges = existing.Where(k => log.Classifier.Classify(k) == KeyClass.Local).Select(StorageOperation.Delete).ToList();
            localChanges.Add(StorageOperation.Put(BootstrapCopyNote.Key, copyNote.Serialize()));
            await log.ApplySyncAsync(final, resumeIndex, existing.Contains, localChanges, cancellationToken);
            if (!await barrier.UnsealAsync(rootKey, cancellationToken))
            {
                throw new InvalidDataException("the primary's root key does not open the keyring it sent");
            }
            return new BootstrapResult(resumeIndex, historyId, entries + held.Count);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(rootKey);
        }
    }
}

public sealed record BootstrapResult(ulong ResumeIndex, string HistoryId, long Entries);
