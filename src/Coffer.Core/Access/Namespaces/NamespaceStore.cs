using System.Text.Json;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using Coffer.Core.Barrier;

namespace Coffer.Core.Access.Namespaces;

/// <summary>
/// The namespace tree, kept as one replicated entry. Readers see an immutable snapshot; a request resolves its
/// namespace by the longest existing namespace path in front of its own path.
/// </summary>
public sealed class NamespaceStore(ISecureStorage storage)
{
    public const string StoragePath = "core/namespaces";

    private static readonly HashSet<string> ReservedNames = ["root", "sys", "audit", "auth", "cubbyhole", "identity"];

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile IReadOnlyDictionary<string, NamespaceEntry> _byPath = new Dictionary<string, NamespaceEntry> { [""] = NamespaceEntry.Root };

    public NamespaceEntry? ById(string id) => _byPath.Values.FirstOrDefault(n => n.Id == id);

    public NamespaceEntry? ByPath(string path) => _byPath.GetValueOrDefault(NormalizePath(path));

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, NamespaceEntry> { [""] = NamespaceEntry.Root };
        var stored = await storage.GetAsync(StoragePath, cancellationToken);
        if (stored is not null)
        {
            foreach (var node in JsonNode.Parse(stored)!.AsArray())
            {
                var entry = NamespaceEntry.FromJson(node!.AsObject());
                map[entry.Path] = entry;
            }
        }
        _byPath = map;
    }

    public void Unload() => _byPath = new Dictionary<string, NamespaceEntry> { [""] = NamespaceEntry.Root };

    /// <summary>
    /// Splits a request into its namespace and the path inside it: the namespace header (possibly relative) is joined
    /// with the URL path, and the longest existing namespace prefix is taken off.
    /// </summary>
    public (NamespaceEntry Namespace, string Path) Resolve(string? header, string path)
    {
        var full = NormalizePath(header ?? "") + path;
        var best = NamespaceEntry.Root;
        foreach (var (nsPath, entry) in _byPath)
        {
            if (nsPath.Length > best.Path.Length && full.StartsWith(nsPath, StringComparison.Ordinal))
            {
                best = entry;
            }
        }
        if (header is not null && NormalizePath(header).Length > 0 && best.Path.Length < NormalizePath(header).Length)
        {
            throw CofferError.NotFound($"namespace not found: {NormalizePath(header)}");
        }
        return (best, full[best.Path.Length..]);
    }

    /// <summary>Direct children of <paramref name="parent"/>.</summary>
    public IReadOnlyList<NamespaceEntry> Children(NamespaceEntry parent) =>
        _byPath.Values.Where(n => !n.IsRoot && n.Path.StartsWith(parent.Path, StringComparison.Ordinal) &&
                                  n.Path.Length > parent.Path.Length &&
                                  n.Path[parent.Path.Length..].TrimEnd('/').IndexOf('/') < 0)
            .OrderBy(n => n.Path, StringComparer.Ordinal).ToList();

    public async Task<NamespaceEntry> CreateAsync(NamespaceEntry parent, string name, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        name = name.Trim('/');
        if (name.Length == 0 || name.Contains('/') || name.Contains(' ') || ReservedNames.Contains(name))
        {
            throw CofferError.BadRequest($"invalid namespace name \"{name}\"");
        }
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var path = parent.Path + name + "/";
            if (_byPath.TryGetValue(path, out var existing))
            {
                return existing;
            }
            var entry = new NamespaceEntry(RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 5), path, metadata);
            var next = new Dictionary<string, NamespaceEntry>(_byPath) { [path] = entry };
            await PersistAsync(next, cancellationToken);
            _byPath = next;
            return entry;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<NamespaceEntry> UpdateMetadataAsync(NamespaceEntry entry, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var updated = entry with { CustomMetadata = metadata };
            var next = new Dictionary<string, NamespaceEntry>(_byPath) { [entry.Path] = updated };
            await PersistAsync(next, cancellationToken);
            _byPath = next;
            return updated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task DeleteAsync(NamespaceEntry entry, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var next = new Dictionary<string, NamespaceEntry>(_byPath);
            next.Remove(entry.Path);
            await PersistAsync(next, cancellationToken);
            _byPath = next;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public static string NormalizePath(string path)
    {
        path = path.Trim().Trim('/');
        return path.Length == 0 ? "" : path + "/";
    }

    private Task PersistAsync(Dictionary<string, NamespaceEntry> entries, CancellationToken cancellationToken)
    {
        var array = new JsonArray(entries.Values.Where(e => !e.IsRoot).OrderBy(e => e.Path, StringComparer.Ordinal)
            .Select(e => (JsonNode)e.ToJson()).ToArray());
        return storage.PutAsync(StoragePath, JsonSerializer.SerializeToUtf8Bytes(array), cancellationToken);
    }
}
