namespace Coffer.Cli.Flags;

/// <summary>A flag a <see cref="FlagSet"/> accepts; subclasses decide how its text value is interpreted.</summary>
internal abstract class FlagDefinition
{
    protected FlagDefinition(string name, IReadOnlyList<string> aliases, string usage)
    {
        Name = name;
        Aliases = aliases;
        Usage = usage;
    }

    public string Name { get; }

    public IReadOnlyList<string> Aliases { get; }

    public string Usage { get; }

    /// <summary>True once the flag appeared on the command line, so callers can tell "false" from "not given".</summary>
    public bool IsSet { get; private set; }

    /// <summary>Boolean flags never consume the next argument: <c>-f x</c> leaves <c>x</c> positional.</summary>
    public abstract bool IsBoolean { get; }

    /// <summary>How the value is shown in help, e.g. <c>-address=&lt;string&gt;</c>.</summary>
    public abstract string ValueHint { get; }

    /// <param name="value">The text after '=' or the following argument.</param>
    /// <param name="spelledName">The name as the user typed it (may be an alias), for error messages.</param>
    public void Apply(string value, string spelledName)
    {
        Assign(value, spelledName);
        IsSet = true;
    }

    protected abstract void Assign(string value, string spelledName);
}
