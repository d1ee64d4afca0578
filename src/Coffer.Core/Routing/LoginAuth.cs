namespace Coffer.Core.Routing;

/// <summary>
/// What an auth method asks the core to issue after a successful login. The method decides who the caller is and
/// which token settings apply; the core's token store creates the token, so every method issues tokens one way.
/// </summary>
public sealed record LoginAuth
{
    public IReadOnlyList<string> Policies { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Who logged in, e.g. <c>alice</c>; the token's display name puts the mount in front (<c>userpass-alice</c>),
    /// so a method must not add its own prefix. Empty leaves just the mount (<c>approle</c>).
    /// </summary>
    public string DisplayName { get; init; } = "";

    /// <summary>0 means the mount or system default.</summary>
    public long TtlSeconds { get; init; }

    /// <summary>0 means the mount or system maximum.</summary>
    public long MaxTtlSeconds { get; init; }

    public long ExplicitMaxTtlSeconds { get; init; }
    public long PeriodSeconds { get; init; }
    public int NumUses { get; init; }
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];

    /// <summary><c>service</c>, <c>batch</c> or <c>default</c> (the mount's default type).</summary>
    public string TokenType { get; init; } = "default";

    public bool NoDefaultPolicy { get; init; }
    public bool Renewable { get; init; } = true;

    /// <summary>Name of the identity alias this login maps to (the username, the role id).</summary>
    public string AliasName { get; init; } = "";
}
