using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Audit;

/// <summary>
/// Which request headers the audit log records (<c>sys/config/auditing/request-headers</c>): none until an operator
/// names one, as in Vault, since headers can carry credentials a proxy added. Names match case-insensitively and are
/// kept lower-case; a header marked <c>hmac</c> is logged as its HMAC. Stored in the barrier at
/// <see cref="StoragePath"/> and held in memory while unsealed.
/// </summary>
public sealed class AuditedHeaders(ISecureStorage storage)
{
    public const string StoragePath = "core/audited-headers";

    private static readonly IReadOnlyDictionary<string, bool> None = new Dictionary<string, bool>();
    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile IReadOnlyDictionary<string, bool> _settings = None;

    /// <summary>Audited header name (lower-case) → whether its value is hashed.</summary>
    public IReadOnlyDictionary<string, bool> Settings => _settings;

    public async Task LoadAsync(CancellationToken cancellationToken = default) =>
        _settings = await storage.GetAsync(StoragePath, cancellationToken) is { } stored ? Parse(stored) : None;

    public void Unload() => _settings = None;

    public Task SetAsync(string name, bool hmac, CancellationToken cancellationToken = default) =>
        ChangeAsync(settings => settings[name.ToLowerInvariant()] = hmac, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        ChangeAsync(settings => settings.Remove(name.ToLowerInvariant()), cancellationToken);

    /// <summary>The audited ones among <paramref name="requestHeaders"/>, keyed by lower-case name, and which of them to hash.</summary>
    public (IReadOnlyDictionary<string, string> Headers, IReadOnlySet<string> Hashed) Select(IReadOnlyDictionary<string, string> requestHeaders)
    {
        var settings = _settings;
        if (settings.Count == 0)
        {
            // Every request asks, and almost every cluster audits no header: nothing to allocate.
            return (NoHeaders, NoNames);
        }
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var hashed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in requestHeaders)
        {
            var key = name.ToLowerInvariant();
            if (settings.TryGetValue(key, out var hmac))
            {
                headers[key] = value;
                if (hmac)
                {
                    hashed.Add(key);
                }
            }
        }
        return (headers, hashed);
    }

    private async Task ChangeAsync(Action<Dictionary<string, bool>> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var settings = new Dictionary<string, bool>(_settings, StringComparer.Ordinal);
            change(settings);
            var json = new JsonObject();
            foreach (var (name, hmac) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                json[name] = new JsonObject { ["hmac"] = hmac };
            }
            await storage.CommitAsync([SecureOperation.Put(StoragePath, JsonSerializer.SerializeToUtf8Bytes(json))], cancellationToken);
            _settings = settings;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static Dictionary<string, bool> Parse(byte[] stored)
    {
        var settings = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (name, setting) in JsonNode.Parse(stored)!.AsObject())
        {
            settings[name] = setting?["hmac"]?.GetValue<bool>() ?? false;
        }
        return settings;
    }
}
