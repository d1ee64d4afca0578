using System.Globalization;

namespace Coffer.Cli.Flags;

internal sealed class IntFlag : FlagDefinition
{
    public IntFlag(string name, int defaultValue, IReadOnlyList<string> aliases, string usage)
        : base(name, aliases, usage)
    {
        Value = defaultValue;
    }

    public int Value { get; private set; }

    public override bool IsBoolean => false;

    public override string ValueHint => "<int>";

    protected override void Assign(string value, string spelledName)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new FlagParseException($"invalid value \"{value}\" for flag -{spelledName}: parse error");
        }

        Value = parsed;
    }
}
