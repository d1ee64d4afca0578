namespace Coffer.Cli.Flags;

/// <summary>A duration flag such as <c>-ttl=1h</c>; accepts what <see cref="GoDuration"/> accepts.</summary>
internal sealed class DurationFlag : FlagDefinition
{
    public DurationFlag(string name, IReadOnlyList<string> aliases, string usage)
        : base(name, aliases, usage)
    {
    }

    public TimeSpan Value { get; private set; }

    /// <summary>The value as typed, for places that pass it on verbatim (the wrap TTL header).</summary>
    public string Text { get; private set; } = "";

    public override bool IsBoolean => false;

    public override string ValueHint => "<duration>";

    /// <summary>Go's text of the value when the flag was given, otherwise null (so callers can leave it out).</summary>
    public string? GoTextIfSet => IsSet ? GoDuration.Format(Value) : null;

    protected override void Assign(string value, string spelledName)
    {
        // An empty value means zero, as in vault, so `-wrap-ttl=` in a script switches wrapping off.
        if (value.Trim().Length == 0)
        {
            Value = TimeSpan.Zero;
            Text = "";
            return;
        }

        if (!GoDuration.TryParse(value, out var parsed))
        {
            throw new FlagParseException($"invalid value \"{value}\" for flag -{spelledName}: time: invalid duration \"{value}\"");
        }

        Value = parsed;
        Text = value.Trim();
    }
}
