namespace Coffer.Core.Hcl;

/// <summary><c>type "label1" "label2" { body }</c>; the position is that of the type name.</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body, HclPosition Position);
