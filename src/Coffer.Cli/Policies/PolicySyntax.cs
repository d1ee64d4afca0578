namespace Coffer.Cli.Policies;

/// <summary>Comments that belong to a syntax element: on their own lines before it, and one after it on its last line.</summary>
internal sealed class AttachedComments
{
    public List<PolicyToken> Leading { get; } = [];

    public PolicyToken? Trailing { get; set; }

    public bool IsEmpty => Leading.Count == 0 && Trailing is null;
}

/// <summary>A sequence of items between braces, or the whole file.</summary>
internal sealed class PolicyBody
{
    public List<PolicyItem> Items { get; } = [];

    /// <summary>Comments after the last item, before the closing brace or the end of the file.</summary>
    public List<PolicyToken> EndComments { get; } = [];
}

/// <summary>An attribute (<c>key = value</c>) or a block (<c>key "label" { ... }</c>).</summary>
internal abstract class PolicyItem
{
    protected PolicyItem(PolicyToken key)
    {
        Key = key;
    }

    public PolicyToken Key { get; }

    /// <summary>The key without quotes, for validation.</summary>
    public string Name => PolicyStrings.Unquote(Key);

    public AttachedComments Comments { get; } = new();

    /// <summary>The source had an empty line before this item (kept, once, by the printer).</summary>
    public bool BlankLineBefore { get; set; }

    public int EndLine { get; set; }
}

internal sealed class PolicyAttribute(PolicyToken key, PolicyValue value) : PolicyItem(key)
{
    public PolicyValue Value { get; } = value;
}

internal sealed class PolicyBlock(PolicyToken key, IReadOnlyList<PolicyToken> labels, PolicyBody body) : PolicyItem(key)
{
    public IReadOnlyList<PolicyToken> Labels { get; } = labels;

    public PolicyBody Body { get; } = body;
}

internal abstract class PolicyValue
{
    public int Line { get; init; }
}

/// <summary>A string, number or boolean, kept as written.</summary>
internal sealed class PolicyScalar(PolicyToken token) : PolicyValue
{
    public PolicyToken Token { get; } = token;
}

internal sealed class PolicyListElement(PolicyValue value)
{
    public PolicyValue Value { get; } = value;

    public AttachedComments Comments { get; } = new();
}

internal sealed class PolicyList : PolicyValue
{
    public List<PolicyListElement> Elements { get; } = [];

    public List<PolicyToken> EndComments { get; } = [];

    /// <summary>The source spread the list over several lines; the printer keeps it that way.</summary>
    public bool IsMultiline { get; set; }
}

/// <summary>An object value: <c>allowed_parameters = { "key" = [] }</c>.</summary>
internal sealed class PolicyObject(PolicyBody body) : PolicyValue
{
    public PolicyBody Body { get; } = body;
}
