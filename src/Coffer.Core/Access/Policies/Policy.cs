namespace Coffer.Core.Access.Policies;

/// <summary>A parsed ACL policy: its name, the text it was written as (returned verbatim on read) and its path blocks.</summary>
public sealed class Policy
{
    public Policy(string name, string text, IReadOnlyList<PathRule> rules)
        : this(name, text, rules, isRoot: false)
    {
    }

    private Policy(string name, string text, IReadOnlyList<PathRule> rules, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        Name = name;
        Text = text;
        Rules = rules;
        IsRoot = isRoot;
        IsTemplated = rules.Any(r => r.IsTemplated);
    }

    /// <summary>
    /// The built-in <c>root</c> policy: no rules, allows everything. Only this instance grants root, so a policy that
    /// merely happens to be called "root" (it cannot be stored, but could be built by hand) grants nothing extra.
    /// </summary>
    public static Policy Root { get; } = new(BuiltinPolicies.RootName, "", [], isRoot: true);

    public string Name { get; }

    /// <summary>The HCL or JSON as submitted (comments included); empty for <see cref="Root"/>.</summary>
    public string Text { get; }

    public IReadOnlyList<PathRule> Rules { get; }

    public bool IsRoot { get; }

    /// <summary>Some block path holds <c>{{identity...}}</c> placeholders, so the ACL depends on the caller's identity.</summary>
    public bool IsTemplated { get; }
}
