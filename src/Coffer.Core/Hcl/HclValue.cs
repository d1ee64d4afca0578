namespace Coffer.Core.Hcl;

/// <summary>
/// A value on the right of <c>=</c> (or a JSON value). The set of kinds is closed: callers
/// switch over the sealed records below plus <see cref="HclNumber"/>.
/// </summary>
public abstract record HclValue(HclPosition Position);

/// <summary>A quoted string or heredoc, escapes already decoded; <c>${...}</c> is left as written.</summary>
public sealed record HclString(string Value, HclPosition Position) : HclValue(Position);

public sealed record HclBool(bool Value, HclPosition Position) : HclValue(Position);

public sealed record HclNull(HclPosition Position) : HclValue(Position);

public sealed record HclList(IReadOnlyList<HclValue> Items, HclPosition Position) : HclValue(Position);

/// <summary>An object value: <c>{ k = v }</c> in HCL or <c>{"k": v}</c> in JSON.</summary>
public sealed record HclObject(HclBody Body, HclPosition Position) : HclValue(Position);
