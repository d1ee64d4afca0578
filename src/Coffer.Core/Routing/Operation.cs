namespace Coffer.Core.Routing;

/// <summary>The logical operation an HTTP call maps to (spec/vault-api.md §1.2).</summary>
public enum Operation
{
    Read,
    Create,
    Update,
    Patch,
    Delete,
    List,
}
