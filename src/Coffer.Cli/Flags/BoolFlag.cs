namespace Coffer.Cli.Flags;

internal sealed class BoolFlag : FlagDefinition
{
    public BoolFlag(string name, IReadOnlyList<string> aliases, string usage, bool defaultValue = false)
        : base(name, aliases, usage)
    {
        Value = defaultValue;
    }

    public bool Value { get; private set; }

    public override bool IsBoolean => true;

    public override string ValueHint => "";

    protected override void Assign(string value, string spelledName)
    {
        if (!GoBoolean.TryParse(value, out var parsed))
        {
            throw new FlagParseException($"invalid boolean value \"{value}\" for -{spelledName}: parse error");
        }

        Value = parsed;
    }
}
