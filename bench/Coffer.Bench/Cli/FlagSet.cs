using System.Globalization;

namespace Coffer.Bench.Cli;

/// <summary>
/// Parses <c>-name=value</c> flags in the style of Go's flag package, which is what Vault's
/// tools (and vault-benchmark) use, so commands can be copied between them.
/// Also accepted: <c>--name=value</c>, <c>-name value</c> and bare <c>-name</c> for bools.
/// </summary>
public sealed class FlagSet(string command)
{
    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);

    public string Command { get; } = command;

    public IEnumerable<Flag> Flags => _flags.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    public Flag<string> String(string name, string defaultValue, string usage) =>
        Add(new Flag<string>(name, defaultValue, usage, raw => raw, v => v));

    public Flag<int> Int(string name, int defaultValue, string usage) =>
        Add(new Flag<int>(name, defaultValue, usage,
            raw => int.Parse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture),
            v => v.ToString(CultureInfo.InvariantCulture)));

    public Flag<bool> Bool(string name, bool defaultValue, string usage) =>
        Add(new Flag<bool>(name, defaultValue, usage, ParseBool, v => v ? "true" : "false"));

    public Flag<TimeSpan> Duration(string name, TimeSpan defaultValue, string usage) =>
        Add(new Flag<TimeSpan>(name, defaultValue, usage, GoDuration.Parse, GoDuration.Format));

    /// <summary>True when the user asked for usage text (<c>-h</c>, <c>-help</c>, <c>--help</c>), which is not an error.</summary>
    public static bool IsHelpRequest(IReadOnlyList<string> args) =>
        args.Any(a => a is "-h" or "-help" or "--help");

    /// <summary>Applies <paramref name="args"/> to the defined flags and returns the positional arguments.</summary>
    public IReadOnlyList<string> Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                positional.Add(arg);
                continue;
            }

            var body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            var equals = body.IndexOf('=');
            var name = equals >= 0 ? body[..equals] : body;
            if (!_flags.TryGetValue(name, out var flag))
            {
                throw new FlagException($"flag provided but not defined: -{name}");
            }

            if (equals >= 0)
            {
                flag.Set(body[(equals + 1)..]);
            }
            else if (flag.IsBool)
            {
                flag.Set("true");
            }
            else if (i + 1 < args.Count)
            {
                flag.Set(args[++i]);
            }
            else
            {
                throw new FlagException($"flag needs an argument: -{name}");
            }
        }

        return positional;
    }

    public void WriteUsage(TextWriter writer)
    {
        writer.WriteLine($"Flags of '{Command}':");
        foreach (var flag in Flags)
        {
            var shape = flag.IsBool ? $"-{flag.Name}" : $"-{flag.Name}=...";
            var fallback = flag.DefaultText.Length > 0 ? $" (default {flag.DefaultText})" : "";
            writer.WriteLine($"  {shape}");
            writer.WriteLine($"      {flag.Usage}{fallback}");
        }
    }

    private Flag<T> Add<T>(Flag<T> flag)
    {
        if (!_flags.TryAdd(flag.Name, flag))
        {
            throw new InvalidOperationException($"flag -{flag.Name} defined twice");
        }

        return flag;
    }

    private static bool ParseBool(string raw) => raw.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new FormatException("expected true or false"),
    };
}
