using System.Globalization;

namespace Coffer.Bench.Cli;

/// <summary>One named flag of a <see cref="FlagSet"/>, untyped view used for parsing and usage text.</summary>
public abstract class Flag(string name, string usage)
{
    public string Name { get; } = name;

    public string Usage { get; } = usage;

    /// <summary>Bool flags may appear bare (<c>-name</c>) like Go's flag package allows.</summary>
    public abstract bool IsBool { get; }

    /// <summary>True once the command line has set the flag, so defaults can be told apart from choices.</summary>
    public bool WasSet { get; protected set; }

    public abstract string DefaultText { get; }

    public abstract void Set(string raw);
}

/// <summary>A typed flag whose <see cref="Value"/> holds the default until the command line sets it.</summary>
public sealed class Flag<T>(string name, T defaultValue, string usage, Func<string, T> parse, Func<T, string> format)
    : Flag(name, usage)
{
    public T Value { get; private set; } = defaultValue;

    public override bool IsBool => typeof(T) == typeof(bool);

    public override string DefaultText { get; } = format(defaultValue);

    public override void Set(string raw)
    {
        try
        {
            Value = parse(raw);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw new FlagException(string.Create(
                CultureInfo.InvariantCulture, $"invalid value \"{raw}\" for flag -{Name}: {ex.Message}"));
        }

        WasSet = true;
    }
}
