namespace Coffer.Core.Access.Policies;

/// <summary>
/// What a path block grants. A bit set so that merging blocks of several policies is a union and a check is a mask.
/// <see cref="Deny"/> is exclusive: a block or merged rule holding it holds nothing else.
/// </summary>
[Flags]
public enum Capability
{
    None = 0,
    Deny = 1 << 0,
    Create = 1 << 1,
    Read = 1 << 2,
    Update = 1 << 3,
    Delete = 1 << 4,
    List = 1 << 5,
    Sudo = 1 << 6,
    Patch = 1 << 7,
    Subscribe = 1 << 8,
    Recover = 1 << 9,
}
