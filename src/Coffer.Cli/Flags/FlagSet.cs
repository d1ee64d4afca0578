using System.Text;
using Coffer.Cli.Output;

namespace Coffer.Cli.Flags;

/// <summary>
/// Parses flags the way Go's flag package (and so the vault CLI) does: <c>-name=value</c>, <c>-name value</c>,
/// one or two leading dashes, booleans as <c>-name</c> or <c>-name=false</c>. Parsing stops at the first
/// argument that is not a flag, at a lone <c>-</c> (which means stdin), or after <c>--</c>; everything from
/// there on is positional, even if it looks like a flag.
/// </summary>
internal sealed class FlagSet
{
    private readonly List<FlagDefinition> _flags = [];
    private readonly Dictionary<string, FlagDefinition> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<FlagDefinition> Flags => _flags;

    public StringFlag AddString(string name, string defaultValue, string usage, params string[] aliases) =>
        Register(new StringFlag(name, defaultValue, aliases, usage));

    public BoolFlag AddBool(string name, string usage, params string[] aliases) =>
        Register(new BoolFlag(name, aliases, usage));

    /// <summary>A boolean that is on unless switched off (<c>-renewable=false</c>).</summary>
    public BoolFlag AddBool(string name, bool defaultValue, string usage, params string[] aliases) =>
        Register(new BoolFlag(name, aliases, usage, defaultValue));

    public DurationFlag AddDuration(string name, string usage, params string[] aliases) =>
        Register(new DurationFlag(name, aliases, usage));

    public StringListFlag AddStringList(string name, string usage, params string[] aliases) =>
        Register(new StringListFlag(name, aliases, usage));

    public KeyValueFlag AddKeyValue(string name, string usage, params string[] aliases) =>
        Register(new KeyValueFlag(name, aliases, usage));

    public IntFlag AddInt(string name, int defaultValue, string usage, params string[] aliases) =>
        Register(new IntFlag(name, defaultValue, aliases, usage));

    /// <returns>The positional arguments, in order.</returns>
    /// <exception cref="FlagParseException">Unknown flag, missing value, or a value of the wrong type.</exception>
    /// <exception cref="HelpRequestedException">-h or -help, unless a command defined such a flag itself.</exception>
    public IReadOnlyList<string> Parse(IReadOnlyList<string> args)
    {
        var index = 0;
        while (index < args.Count)
        {
            var arg = args[index];
            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            index++;
            if (arg == "--")
            {
                break;
            }

            var body = arg[1] == '-' ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                throw new FlagParseException($"bad flag syntax: {arg}");
            }

            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            string? inlineValue = equals < 0 ? null : body[(equals + 1)..];

            if (!_byName.TryGetValue(name, out var flag))
            {
                if (name is "h" or "help")
                {
                    throw new HelpRequestedException();
                }

                throw new FlagParseException($"flag provided but not defined: -{name}");
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (flag.IsBoolean)
            {
                value = "true";
            }
            else if (index < args.Count)
            {
                value = args[index++];
            }
            else
            {
                throw new FlagParseException($"flag needs an argument: -{name}");
            }

            flag.Apply(value, name);
        }

        return args.Skip(index).ToList();
    }

    /// <summary>
    /// Positional arguments that look like flags. Vault warns about these because a flag written after the
    /// path is silently treated as data, which is a common and confusing mistake.
    /// </summary>
    public static IReadOnlyList<string> FindMisplacedFlags(IReadOnlyList<string> positional) =>
        positional.Where(arg => arg.Length > 1 && arg[0] == '-').ToList();

    /// <summary>Help text listing every flag with its usage, one block per flag.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var flag in _flags)
        {
            var names = string.Join(", ", new[] { flag.Name }.Concat(flag.Aliases).Select(n => "-" + n));
            var hint = flag.ValueHint.Length == 0 ? "" : "=" + flag.ValueHint;
            text.Append("  ").Append(names).AppendLine(hint);
            foreach (var line in TextWrap.Wrap(flag.Usage, 72))
            {
                text.Append("      ").AppendLine(line);
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }

    private T Register<T>(T flag)
        where T : FlagDefinition
    {
        foreach (var name in new[] { flag.Name }.Concat(flag.Aliases))
        {
            if (!_byName.TryAdd(name, flag))
            {
                throw new InvalidOperationException($"flag -{name} is defined twice");
            }
        }

        _flags.Add(flag);
        return flag;
    }
}
