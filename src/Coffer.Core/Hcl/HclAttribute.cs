namespace Coffer.Core.Hcl;

/// <summary><c>name = value</c>; the position is that of the name.</summary>
public sealed record HclAttribute(string Name, HclValue Value, HclPosition Position);
