using Coffer.Core.Routing;

namespace Coffer.Core.Access.Policies;

/// <summary>The policy-language spelling of each <see cref="Capability"/> and the capability each operation needs.</summary>
public static class CapabilityNames
{
    /// <summary>Reported instead of capabilities for a root token.</summary>
    public const string Root = "root";

    private static readonly (string Name, Capability Value)[] Table =
    [
        ("create", Capability.Create),
        ("delete", Capability.Delete),
        ("deny", Capability.Deny),
        ("list", Capability.List),
        ("patch", Capability.Patch),
        ("read", Capability.Read),
        ("recover", Capability.Recover),
        ("subscribe", Capability.Subscribe),
        ("sudo", Capability.Sudo),
        ("update", Capability.Update),
    ];

    /// <summary>Case-sensitive, as in Vault: <c>Read</c> is not a capability.</summary>
    public static bool TryParse(string name, out Capability capability)
    {
        foreach (var (candidate, value) in Table)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                capability = value;
                return true;
            }
        }
        capability = Capability.None;
        return false;
    }

    public static string NameOf(Capability single)
    {
        foreach (var (name, value) in Table)
        {
            if (value == single) return name;
        }
        throw new ArgumentOutOfRangeException(nameof(single), single, "not a single capability");
    }

    /// <summary>Names of every capability in <paramref name="set"/>, sorted; <c>["deny"]</c> when it denies or grants nothing.</summary>
    public static IReadOnlyList<string> SortedNames(Capability set)
    {
        if (set.HasFlag(Capability.Deny) || set == Capability.None) return ["deny"];
        // The table is already in alphabetical order.
        return Table.Where(entry => set.HasFlag(entry.Value)).Select(entry => entry.Name).ToArray();
    }

    /// <summary>The capability a request with this operation must hold.</summary>
    public static Capability RequiredFor(Operation operation) => operation switch
    {
        Operation.Read => Capability.Read,
        Operation.Create => Capability.Create,
        Operation.Update => Capability.Update,
        Operation.Patch => Capability.Patch,
        Operation.Delete => Capability.Delete,
        Operation.List => Capability.List,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
    };
}
