namespace Coffer.Cli.Flags;

/// <summary>
/// A repeatable <c>key=value</c> flag (<c>-metadata=team=ops -metadata=env=prod</c>). Only the first '='
/// separates, so values may contain '='. A repeated key keeps its last value, as in vault.
/// </summary>
internal sealed class KeyValueFlag : FlagDefinition
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public KeyValueFlag(string name, IReadOnlyList<string> aliases, string usage)
        : base(name, aliases, usage)
    {
    }

    /// <summary>The pairs in the order their keys first appeared.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public override bool IsBoolean => false;

    public override string ValueHint => "<key=value>";

    protected override void Assign(string value, string spelledName)
    {
        var equals = value.IndexOf('=');
        if (equals < 0)
        {
            throw new FlagParseException($"invalid value \"{value}\" for flag -{spelledName}: missing = in KV pair: \"{value}\"");
        }

        var key = value[..equals];
        var text = value[(equals + 1)..];
        var existing = _pairs.FindIndex(pair => pair.Key == key);
        if (existing >= 0)
        {
            _pairs[existing] = KeyValuePair.Create(key, text);
        }
        else
        {
            _pairs.Add(KeyValuePair.Create(key, text));
        }
    }
}
