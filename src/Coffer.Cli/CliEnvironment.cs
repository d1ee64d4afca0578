using System.Collections;

namespace Coffer.Cli;

/// <summary>Read-only view of the environment variables the CLI was started with.</summary>
internal sealed class CliEnvironment
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public CliEnvironment(IDictionary variables)
    {
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                _variables[name] = value;
            }
        }
    }

    public string? Get(string name) => _variables.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The value of the first variable that is set to a non-empty string. Empty counts as unset, as in Vault,
    /// so <c>COFFER_ADDR=</c> does not hide <c>VAULT_ADDR</c>.
    /// </summary>
    public (string Name, string Value)? FirstNonEmpty(params string[] names)
    {
        foreach (var name in names)
        {
            var value = Get(name);
            if (!string.IsNullOrEmpty(value))
            {
                return (name, value);
            }
        }

        return null;
    }

    public string? FirstNonEmptyValue(params string[] names) => FirstNonEmpty(names)?.Value;
}
