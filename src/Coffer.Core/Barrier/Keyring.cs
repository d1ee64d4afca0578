using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Barrier;

/// <summary>
/// Every data-encryption key the barrier has used, by term. Old terms stay so entries written before a rotation
/// remain readable; new writes always use the active (highest) term.
/// </summary>
public sealed class Keyring
{
    private readonly Dictionary<uint, KeyringTerm> _terms;

    private Keyring(Dictionary<uint, KeyringTerm> terms, uint activeTerm)
    {
        _terms = terms;
        ActiveTerm = activeTerm;
    }

    public uint ActiveTerm { get; }
    public KeyringTerm Active => _terms[ActiveTerm];

    public static Keyring Create(DateTimeOffset now) =>
        new(new Dictionary<uint, KeyringTerm> { [1] = new(1, RandomNumberGenerator.GetBytes(32), now) }, 1);

    public KeyringTerm? TryGet(uint term) => _terms.GetValueOrDefault(term);

    public Keyring Rotate(DateTimeOffset now)
    {
        var next = ActiveTerm + 1;
        var terms = new Dictionary<uint, KeyringTerm>(_terms) { [next] = new(next, RandomNumberGenerator.GetBytes(32), now) };
        return new Keyring(terms, next);
    }

    public byte[] Serialize()
    {
        var keys = new JsonArray();
        foreach (var term in _terms.Values.OrderBy(t => t.Term))
        {
            keys.Add(new JsonObject
            {
                ["term"] = term.Term,
                ["key"] = Convert.ToBase64String(term.Key),
                ["install_time"] = term.InstallTime.ToString("O"),
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["active_term"] = ActiveTerm, ["keys"] = keys });
    }

    public static Keyring Deserialize(byte[] json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("keyring is empty");
        var terms = new Dictionary<uint, KeyringTerm>();
        foreach (var node in root["keys"]!.AsArray())
        {
            var term = node!["term"]!.GetValue<uint>();
            terms[term] = new KeyringTerm(term, Convert.FromBase64String(node["key"]!.GetValue<string>()),
                DateTimeOffset.Parse(node["install_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        }
        return new Keyring(terms, root["active_term"]!.GetValue<uint>());
    }

    /// <summary>Overwrites key material so a sealed process keeps none in memory longer than it must.</summary>
    public void Wipe()
    {
        foreach (var term in _terms.Values)
        {
            CryptographicOperations.ZeroMemory(term.Key);
        }
    }
}
