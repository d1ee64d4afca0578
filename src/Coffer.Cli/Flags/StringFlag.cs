namespace Coffer.Cli.Flags;

internal sealed class StringFlag : FlagDefinition
{
    public StringFlag(string name, string defaultValue, IReadOnlyList<string> aliases, string usage)
        : base(name, aliases, usage)
    {
        Value = defaultValue;
    }

    public string Value { get; private set; }

    public override bool IsBoolean => false;

    public override string ValueHint => "<string>";

    protected override void Assign(string value, string spelledName) => Value = value;
}
