using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// The compiled form of a caller's policies (spec §3.8). Exact patterns sit in a dictionary and every other pattern
/// in a segment trie, so a check costs the length of the path, not the number of policies. Immutable and safe to
/// share between requests; <see cref="PolicyStore.AclForAsync"/> caches them.
/// </summary>
public sealed class Acl
{
    private readonly Dictionary<string, AclRule> _exact;
    private readonly AclPatternTrie _patterns;
    private readonly IReadOnlyList<AclRule> _allRules;

    private Acl(bool isRoot, IReadOnlyList<string> policyNames, IReadOnlyList<AclRule> rules)
    {
        IsRoot = isRoot;
        SourcePolicyNames = policyNames;
        _allRules = rules;
        _exact = new Dictionary<string, AclRule>(StringComparer.Ordinal);
        _patterns = new AclPatternTrie();
        foreach (var rule in rules)
        {
            if (rule.Pattern.Kind == PathPatternKind.Exact)
            {
                _exact[rule.Pattern.Text] = rule;
            }
            else
            {
                _patterns.Add(rule);
            }
        }
    }

    /// <summary>Built from <see cref="Policy.Root"/>: everything is allowed and nothing is checked.</summary>
    public bool IsRoot { get; }

    /// <summary>Names of the policies this ACL was compiled from, in the order given.</summary>
    public IReadOnlyList<string> SourcePolicyNames { get; }

    internal IReadOnlyList<AclRule> Rules => _allRules;

    /// <param name="policies">The caller's effective policies (token plus identity).</param>
    /// <param name="templateValues">
    /// Fills <c>{{...}}</c> placeholders: receives an expression such as <c>identity.entity.id</c> and returns its
    /// value, or null when the caller has none. Without it, or when a value is missing, templated blocks are left out.
    /// </param>
    public static Acl Compile(IEnumerable<Policy> policies, Func<string, string?>? templateValues = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var names = new List<string>();
        var isRoot = false;
        var byPattern = new Dictionary<string, AclRule>(StringComparer.Ordinal);
        var order = new List<AclRule>();
        foreach (var policy in policies)
        {
            names.Add(policy.Name);
            isRoot |= policy.IsRoot;
            foreach (var written in policy.Rules)
            {
                if (Concrete(written, templateValues) is not { Pattern: { } pattern } rule) continue;
                if (byPattern.TryGetValue(pattern.Text, out var existing))
                {
                    existing.Merge(rule, policy.Name);
                }
                else
                {
                    var created = new AclRule(pattern, rule, policy.Name);
                    byPattern[pattern.Text] = created;
                    order.Add(created);
                }
            }
        }
        return new Acl(isRoot, names, isRoot ? [] : order);
    }

    /// <summary>
    /// Decides one request.
    /// </summary>
    /// <param name="path">Full logical path (namespace-relative), without a leading <c>/</c>; LIST paths end in <c>/</c>.</param>
    /// <param name="data">The request body or query parameters; only top-level keys are checked against parameter rules.</param>
    /// <param name="sudoRequired">The path is root-protected (spec §1.12), so <c>sudo</c> is needed as well.</param>
    /// <param name="wrapTtl">The TTL the client asked responses to be wrapped with, or null when not wrapping.</param>
    public AclDecision Check(string path, Operation operation, JsonObject? data = null, bool sudoRequired = false, TimeSpan? wrapTtl = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot) return AclDecision.Root;
        var counters = new AclLookupCounters();
        var rule = FindRule(path, operation == Operation.List, ref counters);
        return rule is null
            ? AclDecision.Deny("no policy grants access to this path")
            : AclRuleEvaluator.Evaluate(rule, operation, data, sudoRequired, wrapTtl);
    }

    /// <summary>
    /// What <c>sys/capabilities*</c> report for a path: sorted capability names, <c>["root"]</c> for a root ACL,
    /// <c>["deny"]</c> when nothing matches or the match denies. Evaluated as a LIST, as Vault does, so an exact
    /// pattern also answers for the same path with a trailing <c>/</c>.
    /// </summary>
    public IReadOnlyList<string> Capabilities(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot) return [CapabilityNames.Root];
        var counters = new AclLookupCounters();
        return CapabilityNames.SortedNames(FindRule(path, isList: true, ref counters)?.Capabilities ?? Capability.None);
    }

    /// <summary>The body of <c>sys/internal/ui/resultant-acl</c>: <c>{root, exact_paths, glob_paths}</c>.</summary>
    public JsonObject ToResultantAcl() => ResultantAclView.Render(this);

    /// <summary>
    /// Whether the caller may see a mount in <c>sys/internal/ui/mounts</c>: any non-deny permission on the mount path
    /// or on any pattern below it.
    /// </summary>
    /// <param name="mountPath">The mount's path with its trailing <c>/</c>, e.g. <c>secret/</c>.</param>
    public bool HasMountAccess(string mountPath) => IsRoot || MountAccess.Check(this, mountPath);

    /// <summary>
    /// The single rule that governs <paramref name="path"/>: an exact pattern if there is one (for LIST also the path
    /// without its trailing <c>/</c>), otherwise the highest-priority glob or <c>+</c> pattern.
    /// </summary>
    internal AclRule? FindRule(string path, bool isList, ref AclLookupCounters counters)
    {
        path = path.TrimStart('/');
        if (_exact.TryGetValue(path, out var exact)) return exact;
        if (isList && path.EndsWith('/') && _exact.TryGetValue(path[..^1], out exact)) return exact;
        return _patterns.FindBest(path.Split('/'), ref counters);
    }

    /// <summary>The block as it applies to this caller, or null when its templates cannot be filled in.</summary>
    private static PathRule? Concrete(PathRule rule, Func<string, string?>? templateValues)
    {
        if (!rule.IsTemplated) return rule;
        if (templateValues is null) return null;
        // A value holding a wildcard (or another template) would turn a path meant for one identity into a glob over many,
        // so such a value counts as unknown.
        var resolved = PolicyTemplate.Resolve(rule.Path, expression =>
            templateValues(expression) is { } value && value.IndexOfAny(['*', '+', '{']) < 0 ? value : null);
        return resolved is null ? null : rule.WithPath(resolved);
    }
}
