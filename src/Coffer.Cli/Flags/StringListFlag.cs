namespace Coffer.Cli.Flags;

/// <summary>A flag that may be repeated, each occurrence adding one value (<c>-policy=a -policy=b</c>).</summary>
internal sealed class StringListFlag : FlagDefinition
{
    private readonly List<string> _values = [];

    public StringListFlag(string name, IReadOnlyList<string> aliases, string usage)
        : base(name, aliases, usage)
    {
    }

    public IReadOnlyList<string> Values => _values;

    public override bool IsBoolean => false;

    public override string ValueHint => "<string>";

    protected override void Assign(string value, string spelledName) => _values.Add(value.Trim());
}
