using System.Text.Json;
using Coffer.Core.Barrier;

namespace Coffer.Core.Engines.Database;

/// <summary>The engine's storage: <c>config/</c>, <c>role/</c> and <c>static-role/</c> entries as JSON, behind the barrier.</summary>
public sealed class DatabaseStore(ISecureStorage storage)
{
    public const string ConfigPrefix = "config/";
    public const string RolePrefix = "role/";
    public const string StaticRolePrefix = "static-role/";

    public Task<DatabaseConfig?> GetConfigAsync(string name, CancellationToken cancellationToken) => GetAsync<DatabaseConfig>(ConfigPrefix + name, cancellationToken);
    public Task<DatabaseRole?> GetRoleAsync(string name, CancellationToken cancellationToken) => GetAsync<DatabaseRole>(RolePrefix + name, cancellationToken);
    public Task<DatabaseStaticRole?> GetStaticRoleAsync(string name, CancellationToken cancellationToken) => GetAsync<DatabaseStaticRole>(StaticRolePrefix + name, cancellationToken);

    public Task PutConfigAsync(string name, DatabaseConfig config, CancellationToken cancellationToken) => PutAsync(ConfigPrefix + name, config, cancellationToken);
    public Task PutRoleAsync(string name, DatabaseRole role, CancellationToken cancellationToken) => PutAsync(RolePrefix + name, role, cancellationToken);
    public Task PutStaticRoleAsync(string name, DatabaseStaticRole role, CancellationToken cancellationToken) => PutAsync(StaticRolePrefix + name, role, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => storage.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => storage.DeleteAsync(key, cancellationToken);

    private async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken) where T : class
    {
        var stored = await storage.GetAsync(key, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<T>(stored);
    }

    private Task PutAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        storage.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value), cancellationToken);
}
