using System.Text.Json;
using Coffer.Core.Barrier;

namespace Coffer.Core.Access;

/// <summary>Token roles under <c>sys/token/roles/</c>. Read on use: roles change rarely and are read only on create.</summary>
public sealed class TokenRoleStore(ISecureStorage storage)
{
    public const string Prefix = "sys/token/roles/";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<TokenRole?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            return null;
        }
        var stored = await storage.GetAsync(Prefix + name, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<TokenRole>(stored, Options);
    }

    public Task PutAsync(TokenRole role, CancellationToken cancellationToken) =>
        storage.PutAsync(Prefix + role.Name, JsonSerializer.SerializeToUtf8Bytes(role, Options), cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        IsValidName(name) ? storage.DeleteAsync(Prefix + name, cancellationToken) : Task.CompletedTask;

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(Prefix, cancellationToken)).Where(k => !k.EndsWith('/')).Order(StringComparer.Ordinal)];

    /// <summary>Vault's generic name rule: word characters, with <c>-</c> and <c>.</c> allowed inside.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !IsWord(name[0]) || !IsWord(name[^1]))
        {
            return false;
        }
        return name.All(c => IsWord(c) || c is '-' or '.');
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
