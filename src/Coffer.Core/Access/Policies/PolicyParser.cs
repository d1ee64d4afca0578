using Coffer.Core.Hcl;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// Reads ACL policies written in HCL or JSON (spec §3.7). Every problem is a 400 starting with
/// <c>failed to parse policy: </c>, as Vault reports it, with the line and column where the source is at fault.
/// </summary>
public static class PolicyParser
{
    private static readonly IReadOnlySet<string> TopLevelKeys = new HashSet<string>(StringComparer.Ordinal) { "name", "path" };

    /// <param name="name">Stored with the policy; the text's own top-level <c>name</c> is ignored, as in Vault.</param>
    /// <exception cref="CofferError">400 when the text is not a valid policy.</exception>
    public static Policy Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var body = HclParser.Parse(text, name);
            RejectUnknownKeys(body, TopLevelKeys, context: null);
            var rules = body.GetBlocks("path", 1).Select(PathBlockParser.Parse).ToArray();
            return new Policy(name, text, rules);
        }
        catch (HclException exception)
        {
            throw PolicyErrors.Syntax(exception);
        }
    }

    /// <param name="context">The block path the keys belong to, or null at the top level.</param>
    internal static void RejectUnknownKeys(HclBody body, IReadOnlySet<string> allowed, string? context)
    {
        var items = body.Attributes.Select(a => (Key: a.Name, a.Position))
            .Concat(body.Blocks.Select(b => (Key: b.Type, b.Position)))
            .OrderBy(i => i.Position.Line).ThenBy(i => i.Position.Column);
        foreach (var (key, position) in items)
        {
            if (allowed.Contains(key)) continue;
            var detail = $"invalid key \"{key}\" on line {position.Line}";
            throw context is null ? PolicyErrors.Invalid(detail) : PolicyErrors.InPath(context, detail);
        }
    }
}
